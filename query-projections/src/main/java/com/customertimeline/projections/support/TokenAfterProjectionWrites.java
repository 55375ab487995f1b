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
 * <p>Outside a unit of work (claim extensions, segment initialisation, resets) every call goes straight
 * to the delegate.
 */
public final class TokenAfterProjectionWrites implements TokenStore {

    private final TokenStore delegate;

    public TokenAfterProjectionWrites(TokenStore delegate) {
        this.delegate = delegate;
    }

    @Override
    public void storeToken(@Nullable TrackingToken token, @Nonnull String processorName, int segment)
            throws UnableToClaimTokenException {
        if (CurrentUnitOfWork.isStarted()) {
            CurrentUnitOfWork.get().root().onCommit(u -> delegate.storeToken(token, processorName, segment));
        } else {
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

    @Override
    public void extendClaim(@Nonnull String processorName, int segment) throws UnableToClaimTokenException {
        delegate.extendClaim(processorName, segment);
    }

    @Override
    public void releaseClaim(@Nonnull String processorName, int segment) {
        delegate.releaseClaim(processorName, segment);
    }

    @Override
    public void initializeSegment(@Nullable TrackingToken token, @Nonnull String processorName, int segment)
            throws UnableToClaimTokenException {
        delegate.initializeSegment(token, processorName, segment);
    }

    @Override
    public void deleteToken(@Nonnull String processorName, int segment) throws UnableToClaimTokenException {
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
