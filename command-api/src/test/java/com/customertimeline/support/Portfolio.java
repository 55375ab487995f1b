package com.customertimeline.support;

import com.customertimeline.domain.customer.RegisterCustomer;
import com.customertimeline.domain.model.CustomerCard;
import com.customertimeline.domain.rep.RegisterRep;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.stream.IntStream;
import org.axonframework.commandhandling.gateway.CommandGateway;

/** Builds portfolios quickly through the command gateway, for tests that need thousands of customers. */
public final class Portfolio {

    private Portfolio() {}

    public static void registerRep(CommandGateway commands, String repId) {
        commands.sendAndWait(new RegisterRep(repId, "Rep " + repId, "team", Instant.parse("2024-01-01T00:00:00Z")));
    }

    /** Registers {@code count} customers owned by {@code repId}, ids {@code prefix-00000}...; returns them. */
    public static List<String> registerCustomers(CommandGateway commands, String repId, String prefix, int count) {
        List<String> ids = IntStream.range(0, count)
                .mapToObj(i -> "%s-%05d".formatted(prefix, i))
                .toList();
        List<CompletableFuture<Void>> sends = new ArrayList<>();
        int threads = 4;
        for (int t = 0; t < threads; t++) {
            int slice = t;
            sends.add(CompletableFuture.runAsync(() -> {
                for (int i = slice; i < ids.size(); i += threads) {
                    commands.sendAndWait(new RegisterCustomer(
                            ids.get(i),
                            new CustomerCard("Customer " + ids.get(i), null, null, null, null),
                            repId,
                            null,
                            Instant.parse("2024-02-01T00:00:00Z")));
                }
            }));
        }
        sends.forEach(CompletableFuture::join);
        return ids;
    }
}
