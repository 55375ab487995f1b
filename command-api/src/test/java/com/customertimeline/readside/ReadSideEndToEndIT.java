package com.customertimeline.readside;

import static org.assertj.core.api.Assertions.assertThat;

import com.customertimeline.support.Http;
import com.customertimeline.support.PostgresBackedServiceIT;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.math.BigDecimal;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.stream.StreamSupport;
import org.junit.jupiter.api.Test;

/**
 * End to end over HTTP: commands through the command API, then reads with {@code minVersion}, on the real
 * PostgreSQL event store and the in-process MongoDB-wire server. No sleeps: every read names the version
 * its command answered with and relies on the read side to wait for it.
 */
class ReadSideEndToEndIT extends PostgresBackedServiceIT {

    /** Reads money amounts as written, with their scale, instead of through binary floating point. */
    private static final ObjectMapper EXACT = new ObjectMapper()
            .enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS)
            .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);

    record Amount(BigDecimal amount, String currency) {}

    record Spend(List<Amount> totalSpend) {}

    private static final List<String> CONVERSATIONS = List.of(
            "INTERACTION", "FOLLOW_UP_COMPLETED", "COMPLAINT_FILED", "COMPLAINT_RESPONDED", "COMPLAINT_RESOLVED");

    /** The ids, times and versions of one customer's whole story, told through the command API. */
    record Story(
            String customerId,
            String firstRep,
            String secondRep,
            String companyToken,
            String interactionId,
            String eurOrder,
            String usdOrder,
            String complaintId,
            Instant start,
            Instant followUpDue,
            long lastVersion) {

        Instant at(int hours) {
            return start.plus(Duration.ofHours(hours));
        }
    }

    // ---------------------------------------------------------------------------------------------
    // 1. The timeline of a customer's whole story

    @Test
    void aCustomersWholeStoryReadsBackAsOneTimelineNewestFirstWithEveryKindOfEntry() {
        Story story = tellStory();

        var page = ok(http.get(timeline(story, "minVersion=" + story.lastVersion())));

        assertThat(page.json().path("customerId").asText()).isEqualTo(story.customerId());
        assertThat(page.json().path("version").asLong()).isEqualTo(story.lastVersion());
        assertThat(text(page.json().path("nextCursor"))).isNull();
        JsonNode entries = page.json().path("entries");
        assertThat(kinds(entries))
                .containsExactly(
                        "REASSIGNED",
                        "COMPLAINT_RESOLVED",
                        "COMPLAINT_RESPONDED",
                        "COMPLAINT_FILED",
                        "PURCHASE",
                        "PURCHASE",
                        "INTERACTION",
                        "CARD_UPDATED",
                        "REGISTERED");
        assertThat(sequences(entries)).containsExactly(8L, 7L, 6L, 5L, 4L, 3L, 2L, 1L, 0L);
        for (int i = 0; i < entries.size(); i++) {
            int hoursAfterStart = 8 - i;
            assertThat(instant(entries.get(i).path("occurredAt")))
                    .as("business time of entry %d", i)
                    .isEqualTo(story.at(hoursAfterStart));
            assertThat(entries.get(i).path("headline").asText()).isNotBlank();
            assertThat(entries.get(i).path("recordedAt").isMissingNode()).isFalse();
        }

        JsonNode registered = entries.get(8);
        assertThat(registered.path("repId").asText()).isEqualTo(story.firstRep());
        assertThat(registered.path("detail").path("card").path("position").asText())
                .isEqualTo("Buyer");

        JsonNode cardUpdated = entries.get(7);
        assertThat(cardUpdated.path("repId").asText()).isEqualTo(story.firstRep());
        JsonNode positionChange = StreamSupport.stream(
                        cardUpdated.path("detail").path("changes").spliterator(), false)
                .filter(change -> change.path("field").asText().equals("position"))
                .findFirst()
                .orElseThrow(() -> new AssertionError("no position change in " + cardUpdated));
        assertThat(positionChange.path("oldValue").asText()).isEqualTo("Buyer");
        assertThat(positionChange.path("newValue").asText()).isEqualTo("Head of Purchasing");
        assertThat(cardUpdated.path("headline").asText()).contains("Buyer → Head of Purchasing");

        JsonNode interaction = entries.get(6);
        assertThat(interaction.path("channel").asText()).isEqualTo("PHONE");
        assertThat(interaction.path("repId").asText()).isEqualTo(story.firstRep());
        assertThat(interaction.path("detail").path("interactionId").asText()).isEqualTo(story.interactionId());
        assertThat(interaction.path("detail").path("direction").asText()).isEqualTo("INBOUND");
        assertThat(interaction.path("detail").path("satisfaction").asInt()).isEqualTo(5);
        assertThat(instant(interaction.path("detail").path("followUp").path("dueAt")))
                .isEqualTo(story.followUpDue());

        JsonNode eurPurchase = entries.get(5);
        assertThat(eurPurchase.path("detail").path("orderId").asText()).isEqualTo(story.eurOrder());
        assertThat(eurPurchase.path("detail").path("total").path("amount").isNumber())
                .as("money is a JSON number, as the write side takes it and the summary answers")
                .isTrue();
        assertThat(eurPurchase.path("detail").path("total").path("amount").decimalValue())
                .isEqualByComparingTo("20.29");
        assertThat(eurPurchase.path("detail").path("total").path("currency").asText())
                .isEqualTo("EUR");
        assertThat(eurPurchase.path("headline").asText()).contains("EUR 20.29");
        JsonNode usdPurchase = entries.get(4);
        assertThat(usdPurchase.path("detail").path("orderId").asText()).isEqualTo(story.usdOrder());
        assertThat(usdPurchase.path("detail").path("total").path("amount").decimalValue())
                .isEqualByComparingTo("100.60");
        assertThat(usdPurchase.path("detail").path("total").path("currency").asText())
                .isEqualTo("USD");

        for (int i = 1; i <= 3; i++) {
            assertThat(entries.get(i).path("detail").path("complaintId").asText())
                    .as("complaint id of entry %d", i)
                    .isEqualTo(story.complaintId());
            assertThat(entries.get(i).path("channel").asText())
                    .as("a complaint's follow-ups sit in the channel it came through (entry %d)", i)
                    .isEqualTo("EMAIL");
        }
        assertThat(entries.get(1).path("detail").path("satisfaction").asInt()).isEqualTo(3);

        JsonNode reassigned = entries.get(0);
        assertThat(reassigned.path("repId").asText()).isEqualTo(story.secondRep());
        assertThat(reassigned.path("detail").path("fromRepId").asText()).isEqualTo(story.firstRep());
        assertThat(reassigned.path("detail").path("toRepId").asText()).isEqualTo(story.secondRep());
        assertThat(reassigned.path("detail").path("reason").asText()).isEqualTo("TEAM_CHANGE");
    }

    @Test
    void theTimelineCanBeReadOldestFirst() {
        Story story = tellStory();

        var page = ok(http.get(timeline(story, "order=asc&minVersion=" + story.lastVersion())));

        assertThat(kinds(page.json().path("entries")))
                .containsExactly(
                        "REGISTERED",
                        "CARD_UPDATED",
                        "INTERACTION",
                        "PURCHASE",
                        "PURCHASE",
                        "COMPLAINT_FILED",
                        "COMPLAINT_RESPONDED",
                        "COMPLAINT_RESOLVED",
                        "REASSIGNED");
        assertThat(sequences(page.json().path("entries"))).containsExactly(0L, 1L, 2L, 3L, 4L, 5L, 6L, 7L, 8L);
    }

    @Test
    void theKindsFilterTellsConversationsApartFromSystemChanges() {
        Story story = tellStory();

        var conversations = ok(http.get(
                timeline(story, "kinds=" + String.join(",", CONVERSATIONS) + "&minVersion=" + story.lastVersion())));
        var systemChanges = ok(http.get(timeline(
                story, "kinds=REGISTERED&kinds=CARD_UPDATED&kinds=REASSIGNED&minVersion=" + story.lastVersion())));
        var purchases = ok(http.get(timeline(story, "kinds=purchase")));

        assertThat(kinds(conversations.json().path("entries")))
                .containsExactly("COMPLAINT_RESOLVED", "COMPLAINT_RESPONDED", "COMPLAINT_FILED", "INTERACTION");
        assertThat(kinds(systemChanges.json().path("entries")))
                .containsExactly("REASSIGNED", "CARD_UPDATED", "REGISTERED");
        assertThat(kinds(purchases.json().path("entries"))).containsExactly("PURCHASE", "PURCHASE");
    }

    @Test
    void theChannelsFilterKeepsOnlyWhatCameThroughThoseChannels() {
        Story story = tellStory();

        var phone = ok(http.get(timeline(story, "channels=PHONE&minVersion=" + story.lastVersion())));
        var email = ok(http.get(timeline(story, "channels=EMAIL")));
        var phoneOrEmail = ok(http.get(timeline(story, "channels=PHONE,EMAIL")));
        var chat = ok(http.get(timeline(story, "channels=CHAT")));

        assertThat(kinds(phone.json().path("entries"))).containsExactly("INTERACTION");
        assertThat(kinds(email.json().path("entries")))
                .containsExactly("COMPLAINT_RESOLVED", "COMPLAINT_RESPONDED", "COMPLAINT_FILED");
        assertThat(kinds(phoneOrEmail.json().path("entries"))).hasSize(4);
        assertThat(chat.json().path("entries").isArray()).isTrue();
        assertThat(chat.json().path("entries")).isEmpty();
    }

    @Test
    void theRepFilterKeepsOnlyEntriesOfThatRep() {
        Story story = tellStory();

        var secondRep =
                ok(http.get(timeline(story, "repId=" + story.secondRep() + "&minVersion=" + story.lastVersion())));

        assertThat(kinds(secondRep.json().path("entries"))).containsExactly("REASSIGNED");
    }

    @Test
    void pagingWithTwoEntriesAPageWalksTheWholeTimelineWithoutDuplicatesOrGaps() {
        Story story = tellStory();
        List<String> all = ids(ok(http.get(timeline(story, "limit=200&minVersion=" + story.lastVersion())))
                .json()
                .path("entries"));
        assertThat(all).hasSize(9);

        for (String order : List.of("desc", "asc")) {
            List<String> walked = new ArrayList<>();
            List<Integer> pageSizes = new ArrayList<>();
            String cursor = null;
            int pages = 0;
            do {
                String query = "order=" + order + "&limit=2" + (cursor == null ? "" : "&cursor=" + encode(cursor));
                JsonNode page = ok(http.get(timeline(story, query))).json();
                pageSizes.add(page.path("entries").size());
                walked.addAll(ids(page.path("entries")));
                cursor = text(page.path("nextCursor"));
                assertThat(++pages).as("pages needed for 9 entries").isLessThanOrEqualTo(5);
            } while (cursor != null);

            assertThat(pageSizes).as(order).containsExactly(2, 2, 2, 2, 1);
            assertThat(walked).as(order).doesNotHaveDuplicates();
            assertThat(walked).as(order).containsExactlyElementsOf(order.equals("desc") ? all : reversed(all));
        }
    }

    @Test
    void aCursorKeepsWorkingWhenNewEventsArriveWhilePaging() {
        Story story = tellStory();
        JsonNode first = ok(http.get(timeline(story, "limit=2&minVersion=" + story.lastVersion())))
                .json();

        var interaction = ok(http.post(
                "/api/v1/customers/" + story.customerId() + "/interactions",
                """
                {"channel":"CHAT","direction":"OUTBOUND","repId":"%s","summary":"Welcome from your new rep"}"""
                        .formatted(story.secondRep())));
        JsonNode second = ok(http.get(timeline(
                        story,
                        "limit=2&cursor=" + encode(text(first.path("nextCursor"))) + "&minVersion="
                                + version(interaction))))
                .json();

        assertThat(sequences(first.path("entries"))).containsExactly(8L, 7L);
        assertThat(sequences(second.path("entries"))).containsExactly(6L, 5L);
        assertThat(second.path("version").asLong()).isEqualTo(version(interaction));
    }

    // ---------------------------------------------------------------------------------------------
    // 2. The customer-360 summary

    @Test
    void theSummaryShowsTheCustomerAsTheStoryLeftThem() throws Exception {
        Story story = tellStory();

        var response = ok(http.get("/api/v1/customers/" + story.customerId() + "?minVersion=" + story.lastVersion()));
        JsonNode summary = response.json();

        assertThat(summary.path("customerId").asText()).isEqualTo(story.customerId());
        assertThat(summary.path("version").asLong()).isEqualTo(story.lastVersion());
        assertThat(instant(summary.path("registeredAt"))).isEqualTo(story.at(0));

        JsonNode card = summary.path("card");
        assertThat(card.path("name").asText()).isEqualTo("Anna Berger");
        assertThat(card.path("company").asText()).isEqualTo(company(story.companyToken()));
        assertThat(card.path("position").asText()).isEqualTo("Head of Purchasing");
        assertThat(StreamSupport.stream(card.path("contacts").spliterator(), false)
                        .map(c ->
                                c.path("type").asText() + " " + c.path("value").asText())
                        .toList())
                .containsExactly("EMAIL anna@berger.example", "PHONE +49 30 1234567");

        assertThat(summary.path("owner").path("repId").asText()).isEqualTo(story.secondRep());
        assertThat(instant(summary.path("owner").path("since"))).isEqualTo(story.at(8));
        JsonNode previousOwners = summary.path("previousOwners");
        assertThat(previousOwners).hasSize(1);
        assertThat(previousOwners.get(0).path("repId").asText()).isEqualTo(story.firstRep());
        assertThat(instant(previousOwners.get(0).path("from"))).isEqualTo(story.at(0));
        assertThat(instant(previousOwners.get(0).path("to"))).isEqualTo(story.at(8));
        assertThat(previousOwners.get(0).path("reason").asText()).isEqualTo("TEAM_CHANGE");
        assertThat(previousOwners.get(0).path("handoverNote").asText()).isEqualTo("Prefers calls before 10");

        assertThat(summary.path("stage").asText()).isEqualTo("PURCHASING");
        assertThat(instant(summary.path("stageSince"))).isEqualTo(story.at(3));

        assertThat(summary.path("interactionCount").asInt()).isEqualTo(1);
        assertThat(summary.path("interactionsByChannel").path("PHONE").asInt()).isEqualTo(1);
        assertThat(summary.path("interactionsByChannel").size()).isEqualTo(1);

        assertThat(summary.path("purchaseCount").asInt()).isEqualTo(2);
        assertThat(instant(summary.path("lastPurchaseAt"))).isEqualTo(story.at(4));
        Spend spend = EXACT.readValue(response.raw().body(), Spend.class);
        assertThat(spend.totalSpend())
                .extracting(a -> a.currency() + " " + a.amount().toPlainString())
                .as("spend per currency, exact to the cent")
                .containsExactly("EUR 20.29", "USD 100.60");

        assertThat(summary.path("openComplaints").isArray()).isTrue();
        assertThat(summary.path("openComplaints"))
                .as("the complaint is resolved")
                .isEmpty();
        assertThat(summary.path("lateFirstResponses")).isEmpty();

        assertThat(summary.path("averageSatisfaction").asDouble()).isEqualTo(4.0);
        assertThat(summary.path("satisfactionRatings").asInt()).isEqualTo(2);
        if (summary.has("shareOfFives")) {
            assertThat(summary.path("shareOfFives").asDouble())
                    .as("one of the two ratings is a 5")
                    .isEqualTo(0.5);
        }

        JsonNode lastContact = summary.path("lastContact");
        assertThat(instant(lastContact.path("at"))).isEqualTo(story.at(5));
        assertThat(lastContact.path("channel").asText()).isEqualTo("EMAIL");
        assertThat(lastContact.path("source").asText()).isEqualTo("COMPLAINT");

        JsonNode followUps = summary.path("openFollowUps");
        assertThat(followUps).hasSize(1);
        assertThat(followUps.get(0).path("interactionId").asText()).isEqualTo(story.interactionId());
        assertThat(followUps.get(0).path("description").asText()).isEqualTo("Send the price list");
        assertThat(instant(followUps.get(0).path("dueAt"))).isEqualTo(story.followUpDue());
        assertThat(instant(followUps.get(0).path("promisedAt"))).isEqualTo(story.at(2));
        assertThat(followUps.get(0).path("repId").asText()).isEqualTo(story.firstRep());
        assertThat(followUps.get(0).path("overdue").asBoolean()).isFalse();
        assertThat(summary.path("overdueFollowUps").asInt()).isZero();
    }

    // ---------------------------------------------------------------------------------------------
    // 3. Read-your-writes

    @Test
    void everyReadWithTheVersionOfTheCallersWriteSeesThatWriteWithoutAnySleep() throws Exception {
        String rep = registerRep("Ruth Writes");
        String customerId = unique("ryw");
        long version = version(ok(http.post(
                "/api/v1/customers",
                """
                {"customerId":"%s","ownerRepId":"%s","card":{"name":"Rita Yates","position":"Start"}}"""
                        .formatted(customerId, rep))));
        assertThat(version).isZero();
        List<String> channels = List.of("PHONE", "EMAIL", "CHAT", "VISIT", "SMS");
        int interactions = 0;
        int purchases = 0;
        int complaints = 0;

        for (int i = 1; i <= 20; i++) {
            String expectedKind;
            Http.Response write;
            switch (i % 4) {
                case 0 -> {
                    expectedKind = "INTERACTION";
                    write = http.post(
                            "/api/v1/customers/" + customerId + "/interactions",
                            """
                            {"channel":"%s","direction":"OUTBOUND","repId":"%s","summary":"Check-in %d"}"""
                                    .formatted(channels.get(interactions % channels.size()), rep, i));
                    interactions++;
                }
                case 1 -> {
                    expectedKind = "CARD_UPDATED";
                    write = http.patch(
                            "/api/v1/customers/" + customerId + "/card",
                            """
                            {"position":"Level %d","updatedByRepId":"%s"}"""
                                    .formatted(i, rep));
                }
                case 2 -> {
                    expectedKind = "PURCHASE";
                    write = http.post(
                            "/api/v1/customers/" + customerId + "/purchases",
                            """
                            {"orderId":"o-%d","lineItems":[{"sku":"S","quantity":1,"unitPrice":{"amount":"1.25","currency":"EUR"}}]}"""
                                    .formatted(i));
                    purchases++;
                }
                default -> {
                    expectedKind = "COMPLAINT_FILED";
                    write = http.post(
                            "/api/v1/customers/" + customerId + "/complaints",
                            """
                            {"complaintId":"c-%d","channel":"SMS","category":"BILLING","severity":"LOW",
                             "description":"Invoice %d is wrong"}"""
                                    .formatted(i, i));
                    complaints++;
                }
            }
            long written = version(ok(write));
            assertThat(written).as("version after write %d", i).isEqualTo(version + 1);
            version = written;

            var summaryResponse = ok(http.get("/api/v1/customers/" + customerId + "?minVersion=" + written));
            JsonNode summary = summaryResponse.json();
            assertThat(summary.path("version").asLong())
                    .as("summary version after write %d", i)
                    .isEqualTo(written);
            assertThat(summary.path("interactionCount").asInt())
                    .as("interactions after write %d", i)
                    .isEqualTo(interactions);
            assertThat(summary.path("purchaseCount").asInt())
                    .as("purchases after write %d", i)
                    .isEqualTo(purchases);
            assertThat(summary.path("openComplaints").size())
                    .as("open complaints after write %d", i)
                    .isEqualTo(complaints);
            assertThat(summary.path("card").path("position").asText())
                    .as("position after write %d", i)
                    .isEqualTo("Level " + (i - (i - 1) % 4));
            if (purchases > 0) {
                Spend spend = EXACT.readValue(summaryResponse.raw().body(), Spend.class);
                assertThat(spend.totalSpend()).hasSize(1);
                assertThat(spend.totalSpend().get(0).amount())
                        .as("spend after write %d", i)
                        .isEqualByComparingTo(new BigDecimal("1.25").multiply(BigDecimal.valueOf(purchases)));
            }

            JsonNode newest = ok(http.get(
                            "/api/v1/customers/" + customerId + "/timeline?limit=1&minVersion=" + written))
                    .json();
            assertThat(newest.path("version").asLong()).isEqualTo(written);
            assertThat(newest.path("entries")).hasSize(1);
            assertThat(newest.path("entries").get(0).path("sequence").asLong())
                    .as("newest timeline entry after write %d", i)
                    .isEqualTo(written);
            assertThat(newest.path("entries").get(0).path("kind").asText()).isEqualTo(expectedKind);

            JsonNode portfolio = ok(http.get(
                            "/api/v1/reps/" + rep + "/customers?customerId=" + customerId + "&minVersion=" + written))
                    .json();
            assertThat(portfolio.path("customers")).hasSize(1);
            assertThat(portfolio.path("customers").get(0).path("version").asLong())
                    .as("portfolio version after write %d", i)
                    .isEqualTo(written);
            assertThat(portfolio.path("customers").get(0).path("openComplaints").asInt())
                    .isEqualTo(complaints);
        }
        assertThat(version).isEqualTo(20);
    }

    // ---------------------------------------------------------------------------------------------
    // 4. Rep portfolios

    @Test
    void aReassignedCustomerMovesFromTheOldRepsPortfolioToTheNewOnes() {
        String oldRep = registerRep("Olga Old");
        String newRep = registerRep("Nils New");
        String moving = registerCustomer(unique("mov"), oldRep, "Mona Moving", "Moving GmbH");
        String staying = registerCustomer(unique("stay"), oldRep, "Stan Staying", "Staying AG");

        ok(http.get(portfolio(oldRep, "customerId=" + moving + "&minVersion=0")));
        ok(http.get(portfolio(oldRep, "customerId=" + staying + "&minVersion=0")));
        JsonNode before = ok(http.get(portfolio(oldRep, ""))).json();
        assertThat(customerIds(before)).containsExactly(moving, staying);
        assertThat(before.path("displayName").asText()).isEqualTo("Olga Old");
        assertThat(before.path("team").asText()).isEqualTo("customer-development");

        long reassigned = version(ok(http.put(
                "/api/v1/customers/" + moving + "/owner",
                """
                {"toRepId":"%s","reason":"WORKLOAD_BALANCING","handoverNote":"Likes email"}"""
                        .formatted(newRep))));

        JsonNode oldAfter = ok(http.get(portfolio(oldRep, "customerId=" + moving + "&minVersion=" + reassigned)))
                .json();
        JsonNode newAfter = ok(http.get(portfolio(newRep, "customerId=" + moving + "&minVersion=" + reassigned)))
                .json();
        assertThat(customerIds(oldAfter)).containsExactly(staying);
        assertThat(customerIds(newAfter)).containsExactly(moving);
        assertThat(newAfter.path("customers").get(0).path("name").asText()).isEqualTo("Mona Moving");
        assertThat(newAfter.path("customers").get(0).path("company").asText()).isEqualTo("Moving GmbH");
        assertThat(newAfter.path("customers").get(0).path("version").asLong()).isEqualTo(reassigned);
    }

    @Test
    void aPortfolioIsSortedByNameByDefaultAndByTheRequestedSortAndDirection() {
        String rep = registerRep("Sam Sorter");
        String zeno = registerCustomer(unique("z"), rep, "Zeno Ulrich", "Ulrich KG");
        String anna = registerCustomer(unique("a"), rep, "anna Adler", "Adler OHG");
        String bruno = registerCustomer(unique("b"), rep, "Bruno Becker", null);
        Instant now = Instant.now().truncatedTo(ChronoUnit.SECONDS);
        long complaint = version(ok(http.post(
                "/api/v1/customers/" + zeno + "/complaints",
                """
                {"channel":"PHONE","category":"QUALITY","severity":"MEDIUM","description":"Scratched casing",
                 "occurredAt":"%s"}"""
                        .formatted(now.minus(Duration.ofHours(2))))));
        long call = version(ok(http.post(
                "/api/v1/customers/" + bruno + "/interactions",
                """
                {"channel":"VISIT","direction":"OUTBOUND","repId":"%s","summary":"Visited the plant",
                 "followUp":{"dueAt":"%s","description":"Send the offer"},"occurredAt":"%s"}"""
                        .formatted(rep, now.plus(Duration.ofDays(3)), now.minus(Duration.ofHours(1))))));
        ok(http.get(portfolio(rep, "customerId=" + zeno + "&minVersion=" + complaint)));
        ok(http.get(portfolio(rep, "customerId=" + bruno + "&minVersion=" + call)));
        ok(http.get(portfolio(rep, "customerId=" + anna + "&minVersion=0")));

        JsonNode byDefault = ok(http.get(portfolio(rep, ""))).json();
        JsonNode byNameDesc =
                ok(http.get(portfolio(rep, "sort=name&direction=desc"))).json();
        JsonNode byComplaintsDesc = ok(http.get(portfolio(rep, "sort=openComplaints&direction=desc")))
                .json();
        JsonNode byLastContact =
                ok(http.get(portfolio(rep, "sort=lastContact"))).json();

        assertThat(byDefault.path("sort").asText()).isEqualTo("NAME");
        assertThat(byDefault.path("descending").asBoolean()).isFalse();
        assertThat(customerIds(byDefault)).containsExactly(anna, bruno, zeno);
        assertThat(customerIds(byNameDesc)).containsExactly(zeno, bruno, anna);
        assertThat(byComplaintsDesc.path("sort").asText()).isEqualTo("OPEN_COMPLAINTS");
        assertThat(byComplaintsDesc.path("descending").asBoolean()).isTrue();
        assertThat(customerIds(byComplaintsDesc).get(0)).isEqualTo(zeno);
        assertThat(byComplaintsDesc
                        .path("customers")
                        .get(0)
                        .path("openComplaints")
                        .asInt())
                .isEqualTo(1);
        assertThat(byLastContact.path("sort").asText()).isEqualTo("LAST_CONTACT");
        assertThat(customerIds(byLastContact))
                .as("never contacted first, then by last contact")
                .containsExactly(anna, zeno, bruno);
        JsonNode brunoLine = byDefault.path("customers").get(1);
        assertThat(brunoLine.path("openFollowUps").asInt()).isEqualTo(1);
        assertThat(brunoLine.path("overdueFollowUps").asInt()).isZero();
        assertThat(brunoLine.path("lastContactChannel").asText()).isEqualTo("VISIT");
        assertProblem(http.get(portfolio(rep, "sort=revenue")), 400, "sort");
    }

    // ---------------------------------------------------------------------------------------------
    // 5. Search

    @Test
    void searchFindsTheCustomerByPartOfTheCompanyNameAndOwnerAndStageNarrowIt() {
        Story story = tellStory();
        String fragment = story.companyToken().toUpperCase();
        String caughtUp = "&customerId=" + story.customerId() + "&minVersion=" + story.lastVersion();

        JsonNode found =
                ok(http.get("/api/v1/customers?q=" + fragment + caughtUp)).json();

        assertThat(found.path("total").asLong()).isEqualTo(1);
        assertThat(found.path("hasMore").asBoolean()).isFalse();
        JsonNode hit = found.path("items").get(0);
        assertThat(hit.path("customerId").asText()).isEqualTo(story.customerId());
        assertThat(hit.path("name").asText()).isEqualTo("Anna Berger");
        assertThat(hit.path("company").asText()).isEqualTo(company(story.companyToken()));
        assertThat(hit.path("ownerRepId").asText()).isEqualTo(story.secondRep());
        assertThat(hit.path("stage").asText()).isEqualTo("PURCHASING");
        assertThat(instant(hit.path("lastContactAt"))).isEqualTo(story.at(5));
        assertThat(hit.path("version").asLong()).isEqualTo(story.lastVersion());

        assertThat(searchIds("q=" + fragment + "&ownerRepId=" + story.secondRep()))
                .containsExactly(story.customerId());
        assertThat(searchIds("q=" + fragment + "&ownerRepId=" + story.firstRep()))
                .isEmpty();
        assertThat(searchIds("q=" + fragment + "&stage=PURCHASING")).containsExactly(story.customerId());
        assertThat(searchIds("q=" + fragment + "&stage=purchasing&ownerRepId=" + story.secondRep()))
                .containsExactly(story.customerId());
        assertThat(searchIds("q=" + fragment + "&stage=POTENTIAL")).isEmpty();
        assertThat(searchIds("q=" + fragment + "&stage=INTENTIONAL")).isEmpty();
        assertThat(searchIds("ownerRepId=" + story.secondRep())).containsExactly(story.customerId());
        assertThat(searchIds("q=" + encode("anna@berger.example") + "&ownerRepId=" + story.secondRep()))
                .as("contact values are searched too")
                .containsExactly(story.customerId());
        assertProblem(http.get("/api/v1/customers?q=" + fragment + "&stage=HOT"), 400, "stage");
    }

    // ---------------------------------------------------------------------------------------------
    // 6. Errors

    @Test
    void anUnknownCustomerIsA404ProblemOnTimelineAndSummary() {
        String ghost = unique("ghost");

        assertProblem(http.get("/api/v1/customers/" + ghost + "/timeline"), 404, null);
        assertProblem(http.get("/api/v1/customers/" + ghost), 404, null);
    }

    @Test
    void aLimitAbove200IsA400NamingTheParameter() {
        Story story = tellStory();

        var tooMany = http.get(timeline(story, "limit=201"));
        var none = http.get(timeline(story, "limit=0"));

        assertProblem(tooMany, 400, "limit");
        assertThat(tooMany.json().path("detail").asText()).contains("limit");
        assertProblem(none, 400, "limit");
        assertThat(ok(http.get(timeline(story, "limit=200&minVersion=" + story.lastVersion())))
                        .json()
                        .path("entries"))
                .hasSize(9);
    }

    @Test
    void anUnknownKindOrChannelOrOrderOrCursorIsA400NamingTheParameter() {
        Story story = tellStory();

        var badKind = http.get(timeline(story, "kinds=INTERACTION,GOSSIP"));

        assertProblem(badKind, 400, "kinds");
        assertThat(badKind.json().path("detail").asText()).contains("GOSSIP");
        assertProblem(http.get(timeline(story, "channels=PIGEON")), 400, "channels");
        assertProblem(http.get(timeline(story, "order=sideways")), 400, "order");
        assertProblem(http.get(timeline(story, "cursor=not-a-cursor")), 400, "cursor");
        String descCursor = text(ok(http.get(timeline(story, "limit=2&minVersion=" + story.lastVersion())))
                .json()
                .path("nextCursor"));
        assertProblem(http.get(timeline(story, "order=asc&limit=2&cursor=" + encode(descCursor))), 400, "cursor");
        assertProblem(http.get(timeline(story, "minVersion=-1")), 400, "minVersion");
    }

    /** A version no command ever answered with cannot be waited for: 422 at once, not a 503 to retry forever. */
    @Test
    void aMinVersionBeyondTheCustomersHistoryIsA422AtOnce() {
        String rep = registerRep("Vera Version");
        String customerId = unique("ahead");
        long version = version(ok(http.post(
                "/api/v1/customers",
                """
                {"customerId":"%s","ownerRepId":"%s","card":{"name":"Ahmed Ahead"}}"""
                        .formatted(customerId, rep))));
        long ahead = version + 1000;

        long started = System.nanoTime();
        var timeline = http.get("/api/v1/customers/" + customerId + "/timeline?minVersion=" + ahead);
        var summary = http.get("/api/v1/customers/" + customerId + "?minVersion=" + ahead);
        var portfolio =
                http.get("/api/v1/reps/" + rep + "/customers?customerId=" + customerId + "&minVersion=" + ahead);
        Duration took = Duration.ofNanos(System.nanoTime() - started);

        for (var response : List.of(timeline, summary, portfolio)) {
            assertProblem(response, 422, "minVersion");
            assertThat(response.json().path("code").asText()).isEqualTo("unknown-version");
            assertThat(response.header("Retry-After")).isNull();
            assertThat(response.json().path("requestedVersion").asLong()).isEqualTo(ahead);
            assertThat(response.json().path("currentVersion").asLong()).isEqualTo(version);
        }
        assertThat(took).as("no consistency timeout waited").isLessThan(Duration.ofSeconds(3));
        assertProblem(http.get("/api/v1/customers/" + unique("ghost") + "?minVersion=0"), 404, "customerId");
        assertThat(ok(http.get("/api/v1/customers/" + customerId + "?minVersion=" + version))
                        .json()
                        .path("version")
                        .asLong())
                .as("the version that does exist is still served")
                .isEqualTo(version);
    }

    // ---------------------------------------------------------------------------------------------
    // The story and helpers

    /**
     * Registers two reps and a customer, then tells the customer's story one hour apart in business time:
     * card update, inbound call rated 5 with a promise, purchases in EUR and USD, a complaint filed,
     * answered and resolved (rated 3), and the move to the second rep. Versions 0 to 8.
     */
    private Story tellStory() {
        String firstRep = registerRep("Fiona First");
        String secondRep = registerRep("Simon Second");
        String customerId = unique("story");
        String token = "qw" + unique("co").substring(3);
        String interactionId = unique("call");
        String eurOrder = unique("eur");
        String usdOrder = unique("usd");
        String complaintId = unique("cmp");
        Instant start = Instant.now().truncatedTo(ChronoUnit.SECONDS).minus(Duration.ofDays(3));
        Instant followUpDue = Instant.now().truncatedTo(ChronoUnit.SECONDS).plus(Duration.ofDays(7));
        String base = "/api/v1/customers/" + customerId;
        List<Long> versions = new ArrayList<>();

        versions.add(version(ok(http.post(
                "/api/v1/customers",
                """
                {"customerId":"%s","ownerRepId":"%s","occurredAt":"%s",
                 "card":{"name":"Anna Berger","company":"%s","position":"Buyer",
                         "addresses":[{"label":"office","street":"Hauptstr. 5","city":"Berlin","country":"DE"}],
                         "contacts":[{"type":"EMAIL","value":"anna@berger.example"}]}}"""
                        .formatted(customerId, firstRep, start, company(token))))));
        versions.add(version(ok(http.patch(
                base + "/card",
                """
                {"position":"Head of Purchasing",
                 "contacts":[{"type":"EMAIL","value":"anna@berger.example"},{"type":"PHONE","value":"+49 30 1234567"}],
                 "updatedByRepId":"%s","occurredAt":"%s"}"""
                        .formatted(firstRep, start.plus(Duration.ofHours(1)))))));
        versions.add(version(ok(http.post(
                base + "/interactions",
                """
                {"interactionId":"%s","channel":"PHONE","direction":"INBOUND","repId":"%s",
                 "summary":"Asked for the new price list","satisfaction":5,
                 "followUp":{"dueAt":"%s","description":"Send the price list"},"occurredAt":"%s"}"""
                        .formatted(interactionId, firstRep, followUpDue, start.plus(Duration.ofHours(2)))))));
        versions.add(version(ok(http.post(
                base + "/purchases",
                """
                {"orderId":"%s","repId":"%s","occurredAt":"%s","lineItems":[
                  {"sku":"A-1","description":"Washer","quantity":3,"unitPrice":{"amount":"0.10","currency":"EUR"}},
                  {"sku":"B-2","description":"Gasket set","quantity":1,"unitPrice":{"amount":"19.99","currency":"EUR"}}]}"""
                        .formatted(eurOrder, firstRep, start.plus(Duration.ofHours(3)))))));
        versions.add(version(ok(http.post(
                base + "/purchases",
                """
                {"orderId":"%s","repId":"%s","occurredAt":"%s","lineItems":[
                  {"sku":"C-3","quantity":2,"unitPrice":{"amount":"0.35","currency":"USD"}},
                  {"sku":"D-4","quantity":1,"unitPrice":{"amount":"99.90","currency":"USD"}}]}"""
                        .formatted(usdOrder, firstRep, start.plus(Duration.ofHours(4)))))));
        versions.add(version(ok(http.post(
                base + "/complaints",
                """
                {"complaintId":"%s","channel":"EMAIL","category":"DELIVERY","severity":"HIGH",
                 "description":"Gasket set arrived damaged","repId":"%s","occurredAt":"%s"}"""
                        .formatted(complaintId, firstRep, start.plus(Duration.ofHours(5)))))));
        versions.add(version(ok(http.post(
                base + "/complaints/" + complaintId + "/responses",
                """
                {"repId":"%s","message":"Sorry, a replacement is on its way","occurredAt":"%s"}"""
                        .formatted(firstRep, start.plus(Duration.ofHours(6)))))));
        versions.add(version(ok(http.post(
                base + "/complaints/" + complaintId + "/resolution",
                """
                {"repId":"%s","resolution":"Replacement delivered","satisfaction":3,"occurredAt":"%s"}"""
                        .formatted(firstRep, start.plus(Duration.ofHours(7)))))));
        versions.add(version(ok(http.put(
                base + "/owner",
                """
                {"toRepId":"%s","reason":"TEAM_CHANGE","handoverNote":"Prefers calls before 10","occurredAt":"%s"}"""
                        .formatted(secondRep, start.plus(Duration.ofHours(8)))))));

        assertThat(versions).as("versions of the story's commands").containsExactly(0L, 1L, 2L, 3L, 4L, 5L, 6L, 7L, 8L);
        return new Story(
                customerId,
                firstRep,
                secondRep,
                token,
                interactionId,
                eurOrder,
                usdOrder,
                complaintId,
                start,
                followUpDue,
                versions.get(versions.size() - 1));
    }

    private static String company(String token) {
        return "Berger Feinmechanik " + token + " GmbH";
    }

    private String registerRep(String displayName) {
        String repId = unique("rep");
        ok(http.post(
                "/api/v1/reps",
                """
                {"repId":"%s","displayName":"%s","team":"customer-development"}"""
                        .formatted(repId, displayName)));
        return repId;
    }

    /** Registered a day ago, so the tests may record what happened in the hours before now. */
    private String registerCustomer(String customerId, String ownerRepId, String name, String company) {
        ok(http.post(
                "/api/v1/customers",
                """
                {"customerId":"%s","ownerRepId":"%s","occurredAt":"%s","card":{"name":"%s"%s}}"""
                        .formatted(
                                customerId,
                                ownerRepId,
                                Instant.now().truncatedTo(ChronoUnit.SECONDS).minus(Duration.ofDays(1)),
                                name,
                                company == null ? "" : ",\"company\":\"" + company + "\"")));
        return customerId;
    }

    private static String timeline(Story story, String query) {
        return "/api/v1/customers/" + story.customerId() + "/timeline" + (query.isEmpty() ? "" : "?" + query);
    }

    private static String portfolio(String repId, String query) {
        return "/api/v1/reps/" + repId + "/customers" + (query.isEmpty() ? "" : "?" + query);
    }

    private List<String> searchIds(String query) {
        JsonNode page = ok(http.get("/api/v1/customers?" + query)).json();
        assertThat(page.path("total").asLong()).isEqualTo(page.path("items").size());
        return StreamSupport.stream(page.path("items").spliterator(), false)
                .map(hit -> hit.path("customerId").asText())
                .toList();
    }

    /** Asserts a 2xx answer, showing the body when it is not. */
    private static Http.Response ok(Http.Response response) {
        assertThat(response.status())
                .as(
                        "%s %s answered %s",
                        response.raw().request().method(),
                        response.raw().uri(),
                        response.raw().body())
                .isBetween(200, 299);
        return response;
    }

    private static long version(Http.Response response) {
        JsonNode version = response.json().path("version");
        assertThat(version.isIntegralNumber())
                .as("version in %s", response.raw().body())
                .isTrue();
        return version.asLong();
    }

    private static void assertProblem(Http.Response response, int status, String parameter) {
        assertThat(response.status()).as(response.raw().body()).isEqualTo(status);
        assertThat(response.contentType()).startsWith("application/problem+json");
        assertThat(response.json().path("status").asInt()).isEqualTo(status);
        assertThat(response.json().path("detail").asText()).isNotBlank();
        assertThat(response.json().path("code").asText()).isNotBlank();
        if (parameter != null) {
            assertThat(response.json().path("field").asText())
                    .as(response.raw().body())
                    .isEqualTo(parameter);
        }
    }

    private static List<String> kinds(JsonNode entries) {
        return StreamSupport.stream(entries.spliterator(), false)
                .map(e -> e.path("kind").asText())
                .toList();
    }

    private static List<Long> sequences(JsonNode entries) {
        return StreamSupport.stream(entries.spliterator(), false)
                .map(e -> e.path("sequence").asLong())
                .toList();
    }

    private static List<String> ids(JsonNode entries) {
        List<String> ids = StreamSupport.stream(entries.spliterator(), false)
                .map(e -> e.path("id").asText())
                .toList();
        Set<String> distinct = new HashSet<>(ids);
        assertThat(distinct).as("entry ids of one page").hasSameSizeAs(ids);
        return ids;
    }

    private static List<String> customerIds(JsonNode portfolio) {
        return StreamSupport.stream(portfolio.path("customers").spliterator(), false)
                .map(c -> c.path("customerId").asText())
                .toList();
    }

    private static List<String> reversed(List<String> list) {
        List<String> copy = new ArrayList<>(list);
        java.util.Collections.reverse(copy);
        return copy;
    }

    private static Instant instant(JsonNode node) {
        assertThat(node.isTextual()).as("an ISO-8601 instant, was %s", node).isTrue();
        return Instant.parse(node.asText());
    }

    /** The text of a node, null when absent or JSON null. */
    private static String text(JsonNode node) {
        return node == null || node.isMissingNode() || node.isNull() ? null : node.asText();
    }

    private static String encode(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8);
    }
}
