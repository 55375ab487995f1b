/** The customer-timeline domain. */
package com.customertimeline.domain;
