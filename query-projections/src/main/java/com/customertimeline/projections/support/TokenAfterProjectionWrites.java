package com.customertimeline.projections.support;

import java.util.List;
import java.util.Optional;
import javax.annotation.Nonnull;
import javax.annotation.Nullable;
import org.axonframework.eventhandling.Segment;
import org.axonframework.eventhandling.TrackingToken;
import org.axonframework.eventhandling.tokenstore.TokenStore;
import org.axonframework.eventhandling.tokenstore.UnableToClaimTokenException;
import org.axonframework.messaging.unitofwork.CurrentUnitOfWork;
import org.axonframework.messaging.unitofwork.UnitOfWork;

/**
 * A token store that writes a batch's token only after the batch's read-model writes.
 *
 * <p>Why: the read side keeps its tokens in the read-model database ({@code MongoTokenStore}), which has
 * no transaction around a batch. Axon's pooled processor asks for the token to be stored in the batch's
 * prepare-commit phase, registered before the batch is handled, so it would be written <em>before</em>
 * the projection flushes its {@code bulkWrite} ({@link BatchScope}, also in prepare-commit). A crash or a
 * failed flush in between would leave a token past events whose writes never happened: those events
 * would be missing from the read model for good. Deferred to the commit phase, the token follows the
 * writes; a crash in between re-delivers the batch, which the idempotent projections skip or apply.
 *
 * <p>While a processor catches up, its projections may hold documents across batches ({@link
 * CatchUpWrites}): the token of a batch whose documents are held is not stored (the claim is extended
 * instead), and is stored once the documents are written, by a later batch or when the segment is idle.
 * A released segment drops what it held.
 *
 * <p>Outside a unit of work (segment initialisation, resets) every call goes straight to the delegate.
 */
public final class TokenAfterProjectionWrites implements TokenStore {

    private final TokenStore delegate;
    private final CatchUpWrites catchUp;

    public TokenAfterProjectionWrites(TokenStore delegate) {
        this(delegate, CatchUpWrites.NONE);
    }

    public TokenAfterProjectionWrites(TokenStore delegate, CatchUpWrites catchUp) {
        this.delegate = delegate;
        this.catchUp = catchUp;
    }

    @Override
    public void storeToken(@Nullable TrackingToken token, @Nonnull String processorName, int segment)
            throws UnableToClaimTokenException {
        if (CurrentUnitOfWork.isStarted()) {
            // asked in the batch's prepare-commit phase, before the projections flush: they learn from
            // the decision whether they hold or write
            UnitOfWork<?> root = CurrentUnitOfWork.get().root();
            catchUp.deciding(root, processorName, segment, token);
            root.onCommit(u -> {
                if (catchUp.settle(processorName, segment, token)) {
                    delegate.storeToken(token, processorName, segment);
                } else {
                    delegate.extendClaim(processorName, segment);
                }
            });
        } else {
            // the segment passed only other segments' events, or a merge: write or drop what it held
            catchUp.flushIdle(processorName, segment, token);
            delegate.storeToken(token, processorName, segment);
        }
    }

    @Override
    public void initializeTokenSegments(@Nonnull String processorName, int segmentCount)
            throws UnableToClaimTokenException {
        delegate.initializeTokenSegments(processorName, segmentCount);
    }

    @Override
    public void initializeTokenSegments(
            @Nonnull String processorName, int segmentCount, @Nullable TrackingToken initialToken)
            throws UnableToClaimTokenException {
        delegate.initializeTokenSegments(processorName, segmentCount, initialToken);
    }

    @Override
    public TrackingToken fetchToken(@Nonnull String processorName, int segment) throws UnableToClaimTokenException {
        return delegate.fetchToken(processorName, segment);
    }

    @Override
    public TrackingToken fetchToken(@Nonnull String processorName, @Nonnull Segment segment)
            throws UnableToClaimTokenException {
        return delegate.fetchToken(processorName, segment);
    }

    /**
     * Called by a segment while it has no events: a segment that still holds documents writes them now
     * and stores the token that waited for them.
     */
    @Override
    public void extendClaim(@Nonnull String processorName, int segment) throws UnableToClaimTokenException {
        Optional<TrackingToken> waiting = catchUp.flushIdle(processorName, segment, null);
        if (waiting.isPresent()) {
            delegate.storeToken(waiting.get(), processorName, segment);
        } else {
            delegate.extendClaim(processorName, segment);
        }
    }

    @Override
    public void releaseClaim(@Nonnull String processorName, int segment) {
        catchUp.release(processorName, segment);
        delegate.releaseClaim(processorName, segment);
    }

    @Override
    public void initializeSegment(@Nullable TrackingToken token, @Nonnull String processorName, int segment)
            throws UnableToClaimTokenException {
        delegate.initializeSegment(token, processorName, segment);
    }

    @Override
    public void deleteToken(@Nonnull String processorName, int segment) throws UnableToClaimTokenException {
        catchUp.release(processorName, segment);
        delegate.deleteToken(processorName, segment);
    }

    @Override
    public boolean requiresExplicitSegmentInitialization() {
        return delegate.requiresExplicitSegmentInitialization();
    }

    @Override
    public int[] fetchSegments(@Nonnull String processorName) {
        return delegate.fetchSegments(processorName);
    }

    @Override
    public List<Segment> fetchAvailableSegments(@Nonnull String processorName) {
        return delegate.fetchAvailableSegments(processorName);
    }

    @Override
    public Optional<String> retrieveStorageIdentifier() {
        return delegate.retrieveStorageIdentifier();
    }
}
