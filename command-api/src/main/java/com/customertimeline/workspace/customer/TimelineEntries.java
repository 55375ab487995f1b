package com.customertimeline.workspace.customer;

import com.customertimeline.domain.model.Money;
import com.customertimeline.domain.query.TimelineKind;
import com.customertimeline.projections.timeline.TimelinePage;
import com.customertimeline.workspace.Formats;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.stream.Collectors;
import org.springframework.context.MessageSource;

/**
 * Timeline entries as a person reads them, in their language: a title made from the entry's kind and
 * facts (the read model's one-line headline is English and stays the API's), the free text as written,
 * and the remaining facts as labelled lines. Ownership changes become handover markers with reason and
 * note.
 */
final class TimelineEntries {

    private final MessageSource messages;
    private final Formats fmt;

    TimelineEntries(MessageSource messages, Formats fmt) {
        this.messages = messages;
        this.fmt = fmt;
    }

    /** One entry, ready for the page. */
    record EntryView(
            String id,
            long sequence,
            String kind,
            String kindLabel,
            String when,
            String whenIso,
            String recorded,
            String repId,
            String channel,
            String title,
            String text,
            List<Line> lines,
            boolean handover) {}

    /** A labelled fact of an entry. */
    record Line(String label, String value) {}

    /** A card field's change: the field, old → new, who and when. */
    record CardChange(String field, String oldValue, String newValue, String who, String when, String whenIso) {}

    List<EntryView> views(List<TimelinePage.Entry> entries) {
        return entries.stream().map(this::view).toList();
    }

    EntryView view(TimelinePage.Entry entry) {
        Map<String, Object> d = entry.detail() == null ? Map.of() : entry.detail();
        List<Line> lines = new ArrayList<>();
        String title;
        String text = null;
        TimelineKind kind = entry.kind();
        switch (kind) {
            case INTERACTION -> {
                title = msg(
                        "entry.INTERACTION",
                        label("channel", d.get("channel")),
                        label("direction", d.get("direction")));
                text = str(d.get("summary"));
                if (d.get("satisfaction") != null) {
                    lines.add(line("field.satisfaction", d.get("satisfaction") + " / 5"));
                }
                if (d.get("followUp") instanceof Map<?, ?> followUp) {
                    lines.add(line(
                            "field.followUp",
                            msg("entry.promise", str(followUp.get("description")), fmt.dateTime((Instant)
                                    followUp.get("dueAt")))));
                }
            }
            case PURCHASE -> {
                title = msg("entry.PURCHASE", str(d.get("orderId")), money(d.get("total")));
                if (d.get("lineItems") instanceof List<?> items) {
                    for (Object item : items) {
                        if (item instanceof Map<?, ?> line) {
                            lines.add(new Line(
                                    str(line.get("sku")),
                                    line.get("quantity") + " × " + Objects.toString(line.get("description"), "") + " @ "
                                            + money(line.get("unitPrice"))));
                        }
                    }
                }
            }
            case COMPLAINT_FILED -> {
                title = msg(
                        "entry.COMPLAINT_FILED",
                        label("severity", d.get("severity")),
                        str(d.get("category")),
                        label("channel", d.get("channel")));
                text = str(d.get("description"));
                lines.add(line("field.complaintId", str(d.get("complaintId"))));
            }
            case COMPLAINT_RESPONDED -> {
                title = msg(
                        Boolean.TRUE.equals(d.get("firstResponse"))
                                ? "entry.COMPLAINT_RESPONDED.first"
                                : "entry.COMPLAINT_RESPONDED",
                        str(d.get("complaintId")));
                text = str(d.get("message"));
            }
            case COMPLAINT_RESOLVED -> {
                title = msg("entry.COMPLAINT_RESOLVED", str(d.get("complaintId")));
                text = str(d.get("resolution"));
                if (d.get("satisfaction") != null) {
                    lines.add(line("field.satisfaction", d.get("satisfaction") + " / 5"));
                }
            }
            case FOLLOW_UP_COMPLETED -> {
                title = msg("entry.FOLLOW_UP_COMPLETED");
                text = str(d.get("note"));
            }
            case REGISTERED -> {
                title = msg("entry.REGISTERED", label("stage", d.get("stage")), str(d.get("ownerRepId")));
                if (d.get("card") instanceof Map<?, ?> card) {
                    lines.add(line("field.name", str(card.get("name"))));
                    if (card.get("company") != null) {
                        lines.add(line("field.company", str(card.get("company"))));
                    }
                }
            }
            case CARD_UPDATED -> {
                List<String> fields = new ArrayList<>();
                if (d.get("changes") instanceof List<?> changes) {
                    for (Object change : changes) {
                        if (change instanceof Map<?, ?> c) {
                            String field = msg("field." + c.get("field"));
                            fields.add(field);
                            lines.add(new Line(field, plain(c.get("oldValue")) + " → " + plain(c.get("newValue"))));
                        }
                    }
                }
                title = msg("entry.CARD_UPDATED", String.join(", ", fields));
            }
            case REASSIGNED -> {
                title = msg("entry.REASSIGNED", str(d.get("fromRepId")), str(d.get("toRepId")));
                lines.add(line("field.reason", label("reason", d.get("reason"))));
                text = str(d.get("handoverNote"));
            }
            case HANDOVER_ACKNOWLEDGED -> title = msg("entry.HANDOVER_ACKNOWLEDGED", str(d.get("repId")));
            case PERSONAL_DATA_ERASED -> {
                title = msg("entry.PERSONAL_DATA_ERASED");
                lines.add(line("field.reason", str(d.get("reason"))));
            }
            default -> title = entry.headline();
        }
        return new EntryView(
                entry.id(),
                entry.sequence(),
                kind.name(),
                msg("kind." + kind.name()),
                fmt.dateTime(entry.occurredAt()),
                fmt.iso(entry.occurredAt()),
                fmt.dateTime(entry.recordedAt()),
                entry.repId(),
                entry.channel() == null
                        ? null
                        : msg("channel." + entry.channel().name()),
                title,
                text,
                lines,
                kind == TimelineKind.REASSIGNED);
    }

    /** The card's field-by-field history, newest first, from its registration and card-update entries. */
    List<CardChange> cardHistory(List<TimelinePage.Entry> entries) {
        List<CardChange> history = new ArrayList<>();
        for (TimelinePage.Entry entry : entries) {
            Map<String, Object> d = entry.detail() == null ? Map.of() : entry.detail();
            String who = entry.repId() == null ? msg("who.system") : entry.repId();
            if (entry.kind() == TimelineKind.CARD_UPDATED && d.get("changes") instanceof List<?> changes) {
                for (Object change : changes) {
                    if (change instanceof Map<?, ?> c) {
                        history.add(new CardChange(
                                msg("field." + c.get("field")),
                                plain(c.get("oldValue")),
                                plain(c.get("newValue")),
                                who,
                                fmt.dateTime(entry.occurredAt()),
                                fmt.iso(entry.occurredAt())));
                    }
                }
            } else if (entry.kind() == TimelineKind.REGISTERED && d.get("card") instanceof Map<?, ?> card) {
                for (String field : List.of("name", "company", "position", "addresses", "contacts")) {
                    String value = plain(card.get(field));
                    if (!value.isEmpty()) {
                        history.add(new CardChange(
                                msg("field." + field),
                                "",
                                value,
                                who,
                                fmt.dateTime(entry.occurredAt()),
                                fmt.iso(entry.occurredAt())));
                    }
                }
            }
        }
        return history;
    }

    /** A stored value as one line of text: lists joined, addresses and contacts by their parts. */
    static String plain(Object value) {
        if (value == null) {
            return "";
        }
        if (value instanceof Collection<?> list) {
            return list.stream()
                    .map(TimelineEntries::plain)
                    .filter(s -> !s.isEmpty())
                    .collect(Collectors.joining("; "));
        }
        if (value instanceof Map<?, ?> map) {
            return map.values().stream()
                    .filter(Objects::nonNull)
                    .map(TimelineEntries::plain)
                    .filter(s -> !s.isEmpty())
                    .collect(Collectors.joining(", "));
        }
        return value.toString();
    }

    private String money(Object value) {
        if (value instanceof Map<?, ?> map && map.get("amount") instanceof BigDecimal amount) {
            return fmt.money(new Money(amount, String.valueOf(map.get("currency"))));
        }
        return plain(value);
    }

    private String label(String group, Object value) {
        return value == null ? "" : msg(group + "." + value);
    }

    private Line line(String labelKey, String value) {
        return new Line(msg(labelKey), value);
    }

    private static String str(Object value) {
        return value == null ? "" : value.toString();
    }

    private String msg(String key, Object... args) {
        return messages.getMessage(key, args, key, fmt.locale());
    }
}
