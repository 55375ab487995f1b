package com.customertimeline.projections.support;

import com.mongodb.ErrorCategory;
import com.mongodb.MongoBulkWriteException;
import com.mongodb.client.MongoCollection;
import com.mongodb.client.model.BulkWriteOptions;
import com.mongodb.client.model.InsertOneModel;
import java.util.List;
import org.bson.Document;

/**
 * Inserts documents that are derived from one event each (a timeline entry, a copy of a customer's
 * document after a given event), keeping any that already exist: one that exists was written from the
 * same event by a batch that did not finish, so it has the same content. Cheaper than upserting, which
 * costs every document a lookup and a replacement.
 */
public final class InsertsKeepingExisting {

    private InsertsKeepingExisting() {}

    /** Inserts all, in any order; fails only for an error other than an existing {@code _id}. */
    public static void insert(MongoCollection<Document> collection, List<InsertOneModel<Document>> writes) {
        try {
            collection.bulkWrite(writes, new BulkWriteOptions().ordered(false));
        } catch (MongoBulkWriteException e) {
            boolean onlyExisting = e.getWriteConcernError() == null
                    && e.getWriteErrors().stream()
                            .allMatch(error ->
                                    ErrorCategory.fromErrorCode(error.getCode()) == ErrorCategory.DUPLICATE_KEY);
            if (!onlyExisting) {
                throw e;
            }
        }
    }
}
