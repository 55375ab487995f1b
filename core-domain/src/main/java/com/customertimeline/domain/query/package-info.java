/**
 * Query messages answered by the read side. They are plain records so they travel over any query bus
 * and are matched by type, never by a string name.
 */
package com.customertimeline.domain.query;
