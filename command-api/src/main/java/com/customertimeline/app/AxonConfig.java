package com.customertimeline.app;

import com.customertimeline.departure.OwnershipLedger;
import com.customertimeline.domain.customer.Customer;
import com.customertimeline.domain.rep.Rep;
import com.customertimeline.eventstore.OneKindPerStream;
import com.customertimeline.privacy.serialization.PersonalDataModule;
import com.customertimeline.privacy.serialization.PersonalTexts;
import com.fasterxml.jackson.annotation.JsonAutoDetect;
import com.fasterxml.jackson.annotation.PropertyAccessor;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.axonframework.common.caching.Cache;
import org.axonframework.common.caching.EhCache3Adapter;
import org.axonframework.common.transaction.TransactionManager;
import org.axonframework.config.AggregateConfigurer;
import org.axonframework.config.Configuration;
import org.axonframework.config.ConfigurerModule;
import org.axonframework.eventhandling.PropagatingErrorHandler;
import org.axonframework.eventsourcing.AggregateFactory;
import org.axonframework.eventsourcing.AggregateSnapshotter;
import org.axonframework.eventsourcing.EventCountSnapshotTriggerDefinition;
import org.axonframework.eventsourcing.GenericAggregateFactory;
import org.axonframework.eventsourcing.SnapshotTriggerDefinition;
import org.axonframework.modelling.command.inspection.AnnotatedAggregateMetaModelFactory;
import org.ehcache.CacheManager;
import org.ehcache.config.builders.CacheConfigurationBuilder;
import org.ehcache.config.builders.CacheManagerBuilder;
import org.ehcache.config.builders.ResourcePoolsBuilder;
import org.ehcache.core.Ehcache;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Primary;
import org.springframework.http.converter.json.Jackson2ObjectMapperBuilder;

/**
 * Wires the Spring-free aggregates of core-domain into Axon: each is event sourced, cached and
 * snapshotted. Also gives Axon its own Jackson mapper, separate from the web one, so the stored format
 * of events and snapshots cannot change by accident when an HTTP setting changes.
 */
@org.springframework.context.annotation.Configuration
public class AxonConfig {

    /** The web layer's mapper (Spring Boot's, driven by {@code spring.jackson.*}). */
    @Bean
    @Primary
    ObjectMapper objectMapper(Jackson2ObjectMapperBuilder builder) {
        return builder.build();
    }

    /**
     * Axon's mapper for events, messages and snapshots: ISO-8601 times, tolerant of unknown fields (old
     * readers of new revisions), and field access so aggregates can be snapshotted without getters.
     */
    @Bean("defaultAxonObjectMapper")
    ObjectMapper defaultAxonObjectMapper(PersonalTexts personalTexts) {
        return new ObjectMapper()
                .findAndRegisterModules()
                .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS)
                .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
                .setVisibility(PropertyAccessor.FIELD, JsonAutoDetect.Visibility.ANY)
                // personal texts sealed with their customer's key in events and snapshots (ADR 0017); not a
                // Module bean, which Spring Boot would also give the web mapper
                .registerModule(new PersonalDataModule(personalTexts));
    }

    /**
     * Keeps aggregates between commands so a command does not reload snapshot and events first. Heap
     * bounded and strongly held: Axon's {@code WeakReferenceCache} lost its entries at every garbage
     * collection, and under load two thirds of command handling went into reloading.
     */
    @Bean(destroyMethod = "close")
    CacheManager aggregateCacheManager() {
        return CacheManagerBuilder.newCacheManagerBuilder().build(true);
    }

    @Bean
    Cache customerCache(CacheManager aggregateCacheManager, TimelineProperties properties) {
        return boundedCache(
                aggregateCacheManager, "customers", properties.aggregateCache().customers());
    }

    @Bean
    Cache repCache(CacheManager aggregateCacheManager, TimelineProperties properties) {
        return boundedCache(
                aggregateCacheManager, "reps", properties.aggregateCache().reps());
    }

    private static Cache boundedCache(CacheManager manager, String name, long entries) {
        org.ehcache.Cache<Object, Object> cache = manager.createCache(
                name,
                CacheConfigurationBuilder.newCacheConfigurationBuilder(
                        Object.class, Object.class, ResourcePoolsBuilder.heap(entries)));
        return new EhCache3Adapter((Ehcache<Object, Object>) cache);
    }

    /** Snapshots are taken off the command thread so the command that crosses the threshold stays fast. */
    @Bean(destroyMethod = "shutdown")
    ExecutorService snapshotExecutor() {
        return Executors.newSingleThreadExecutor(runnable -> {
            Thread thread = new Thread(runnable, "aggregate-snapshotter");
            thread.setDaemon(true);
            return thread;
        });
    }

    @Bean
    ConfigurerModule aggregates(
            @Qualifier("customerCache") Cache customerCache,
            @Qualifier("repCache") Cache repCache,
            ExecutorService snapshotExecutor,
            TimelineProperties properties) {
        return configurer -> configurer
                .configureAggregate(AggregateConfigurer.defaultConfiguration(Customer.class)
                        .configureAggregateFactory(config -> oneKindPerStream(config, Customer.class))
                        .configureCache(config -> customerCache)
                        .configureSnapshotTrigger(config -> snapshotTrigger(
                                config, Customer.class, snapshotExecutor, properties.snapshotThreshold())))
                .configureAggregate(AggregateConfigurer.defaultConfiguration(Rep.class)
                        .configureAggregateFactory(config -> oneKindPerStream(config, Rep.class))
                        .configureCache(config -> repCache)
                        .configureSnapshotTrigger(config ->
                                snapshotTrigger(config, Rep.class, snapshotExecutor, properties.snapshotThreshold())));
    }

    /**
     * The departure process must never skip an event it failed to apply: errors propagate, the batch
     * rolls back and the processor retries.
     */
    @Bean
    ConfigurerModule departureErrorHandling() {
        return configurer -> configurer.eventProcessing(processing -> processing.registerListenerInvocationErrorHandler(
                OwnershipLedger.GROUP, c -> PropagatingErrorHandler.instance()));
    }

    /** Customers and reps never source each other's streams, whatever their ids (ADR 0012). */
    private static <T> AggregateFactory<T> oneKindPerStream(Configuration config, Class<T> type) {
        return new OneKindPerStream<>(new GenericAggregateFactory<>(AnnotatedAggregateMetaModelFactory.inspectAggregate(
                type, config.parameterResolverFactory(), config.handlerDefinition(type))));
    }

    private static <T> SnapshotTriggerDefinition snapshotTrigger(
            Configuration config, Class<T> type, ExecutorService executor, int threshold) {
        AggregateSnapshotter snapshotter = AggregateSnapshotter.builder()
                .eventStore(config.eventStore())
                .aggregateFactories(new GenericAggregateFactory<>(AnnotatedAggregateMetaModelFactory.inspectAggregate(
                        type, config.parameterResolverFactory(), config.handlerDefinition(type))))
                .parameterResolverFactory(config.parameterResolverFactory())
                .handlerDefinition(config.handlerDefinition(type))
                .transactionManager(config.getComponent(TransactionManager.class))
                .executor(executor)
                .build();
        return new EventCountSnapshotTriggerDefinition(snapshotter, threshold);
    }
}
