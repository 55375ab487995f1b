/**
 * The embedded default's read-model store, in one place: an H2 file under the in-process MongoDB-wire
 * server that the projections reach through the MongoDB driver, as they reach a production MongoDB
 * (ADR 0007). {@code app/MongoConfig} wires it; nothing else in the service depends on its classes except
 * the erasure, which rewrites its file ({@code privacy/erasure}). ADR 0018 weighs replacing it.
 */
package com.customertimeline.readmodel.embedded;
