using System.Text.Json;
using IncidentPlatform.Notifications.Domain;
using IncidentPlatform.Notifications.Domain.People;
using IncidentPlatform.ServiceDefaults.Http;

namespace IncidentPlatform.UnitTests;

public sealed class PeopleNotificationTests
{
    private static readonly TimeZoneInfo Berlin = TimeZoneInfo.FindSystemTimeZoneById("Europe/Berlin");

    [Theory]
    [InlineData("2026-12-01T21:30:00Z", "2026-12-02T06:00:00Z")] // 22:30 Berlin, inside 22:00–07:00: wait till 07:00 Berlin
    [InlineData("2026-12-02T02:00:00Z", "2026-12-02T06:00:00Z")] // 03:00 Berlin, after midnight, same window
    [InlineData("2026-12-01T12:00:00Z", "2026-12-01T12:00:00Z")] // 13:00 Berlin: not quiet, now
    [InlineData("2026-12-02T06:00:00Z", "2026-12-02T06:00:00Z")] // 07:00 Berlin sharp: the window is over
    public void Quiet_hours_over_midnight_defer_to_their_end_in_the_persons_zone(string now, string expected)
    {
        var quiet = new QuietHours(new TimeOnly(22, 0), new TimeOnly(7, 0));

        Assert.Equal(DateTimeOffset.Parse(expected), quiet.NextAllowed(DateTimeOffset.Parse(now), Berlin));
    }

    [Fact]
    public void Quiet_hours_within_a_day_and_across_a_daylight_saving_change()
    {
        var lunch = new QuietHours(new TimeOnly(12, 0), new TimeOnly(13, 0));
        Assert.Equal(DateTimeOffset.Parse("2026-12-01T12:00:00Z"), lunch.NextAllowed(DateTimeOffset.Parse("2026-12-01T11:30:00Z"), Berlin));

        // The night of 28–29 March 2026 Berlin moves from +01:00 to +02:00: 07:00 local is 05:00 UTC.
        var night = new QuietHours(new TimeOnly(22, 0), new TimeOnly(7, 0));
        Assert.Equal(DateTimeOffset.Parse("2026-03-29T05:00:00Z"), night.NextAllowed(DateTimeOffset.Parse("2026-03-28T22:00:00Z"), Berlin));
    }

    [Fact]
    public void Quiet_hours_ending_in_the_hour_that_repeats_at_fall_back_last_until_its_second_occurrence()
    {
        // 25 October 2026 Berlin goes from +02:00 back to +01:00 at 03:00: 02:30 happens at 00:30 and at 01:30 UTC.
        var quiet = new QuietHours(new TimeOnly(22, 0), new TimeOnly(2, 30));

        // 01:00 UTC is 02:00 local the second time: still quiet until the second 02:30, not the first (already past).
        Assert.Equal(DateTimeOffset.Parse("2026-10-25T01:30:00Z"), quiet.NextAllowed(DateTimeOffset.Parse("2026-10-25T01:00:00Z"), Berlin));
        Assert.Equal(DateTimeOffset.Parse("2026-10-25T01:30:00Z"), quiet.NextAllowed(DateTimeOffset.Parse("2026-10-24T21:00:00Z"), Berlin));
    }

    [Fact]
    public void The_next_digest_is_today_at_its_time_or_tomorrow_and_a_skipped_local_time_moves_past_the_gap()
    {
        var at = new TimeOnly(9, 0);
        Assert.Equal(DateTimeOffset.Parse("2026-12-01T08:00:00Z"), LocalTime.NextAt(DateTimeOffset.Parse("2026-12-01T07:00:00Z"), at, Berlin));
        Assert.Equal(DateTimeOffset.Parse("2026-12-02T08:00:00Z"), LocalTime.NextAt(DateTimeOffset.Parse("2026-12-01T08:00:00Z"), at, Berlin));

        // 02:30 does not exist in Berlin on 29 March 2026; the digest goes at 03:00 local (01:00 UTC).
        Assert.Equal(DateTimeOffset.Parse("2026-03-29T01:00:00Z"), LocalTime.NextAt(DateTimeOffset.Parse("2026-03-28T12:00:00Z"), new TimeOnly(2, 30), Berlin));
    }

    [Fact]
    public void A_digest_lists_overdue_items_oldest_first_then_due_ones_and_nothing_means_no_digest()
    {
        var today = new DateOnly(2026, 12, 1);
        var reminders = new[]
        {
            Reminder("Add a canary stage", "P2", today.AddDays(4)),
            Reminder("Alert on retry budget exhaustion", "P1", today.AddDays(-2)),
            Reminder("Document the rollback", "P3", today.AddDays(-9)),
        };

        var (title, body) = DailyDigest.Compose(reminders, today)!.Value;

        Assert.Equal("Your action items: 2 overdue, 1 due soon", title);
        Assert.Equal(
            "• Overdue since 2026-11-22: [P3] Document the rollback (INC-2024-042)\n"
            + "• Overdue since 2026-11-29: [P1] Alert on retry budget exhaustion (INC-2024-042)\n"
            + "• Due 2026-12-05: [P2] Add a canary stage (INC-2024-042)", body);
        Assert.Null(DailyDigest.Compose([], today));
    }

    [Fact]
    public void A_long_digest_names_how_many_more_and_stays_within_a_notifications_length()
    {
        var today = new DateOnly(2026, 12, 1);
        var reminders = Enumerable.Range(0, 40).Select(i => Reminder(new string('x', 150) + i, "P2", today.AddDays(1))).ToList();

        var (_, body) = DailyDigest.Compose(reminders, today)!.Value;

        Assert.True(body.Length <= Notification.MaxBodyLength, $"{body.Length} characters");
        var listed = body.Split('\n').Count(line => line.StartsWith("• ", StringComparison.Ordinal));
        Assert.InRange(listed, 1, DailyDigest.MaxListed);
        Assert.EndsWith($"…and {40 - listed} more in /api/action-items.", body);
    }

    [Fact]
    public void Email_HTML_escapes_the_users_words_and_chat_messages_are_valid_JSON_of_each_format()
    {
        var message = new ChannelMessage("<script>alert(1)</script> & co", "• first <b>\n• second", "https://incidents.example.com/api/action-items/1");

        var html = message.EmailHtml();
        Assert.DoesNotContain("<script>", html);
        Assert.Contains("&lt;script&gt;alert(1)&lt;/script&gt; &amp; co", html);
        Assert.Contains("<ul><li>first &lt;b&gt;</li><li>second</li></ul>", html);
        Assert.Contains("Open: https://incidents.example.com/api/action-items/1", message.EmailText());

        using var slack = JsonDocument.Parse(message.SlackJson());
        Assert.Equal("plain_text", slack.RootElement.GetProperty("blocks")[0].GetProperty("text").GetProperty("type").GetString());
        Assert.Equal("<script>alert(1)</script> & co", slack.RootElement.GetProperty("blocks")[0].GetProperty("text").GetProperty("text").GetString());
        Assert.Equal("&lt;script&gt;alert(1)&lt;/script&gt; &amp; co: • first &lt;b&gt;\n• second", slack.RootElement.GetProperty("text").GetString());
        using var teams = JsonDocument.Parse(message.TeamsJson());
        var card = teams.RootElement.GetProperty("attachments")[0].GetProperty("content");
        Assert.Equal("Action.OpenUrl", card.GetProperty("actions")[0].GetProperty("type").GetString());
        // Text runs are plain text in Adaptive Cards: a title written as markdown cannot become a link.
        var firstRun = card.GetProperty("body")[0].GetProperty("inlines")[0];
        Assert.Equal("TextRun", firstRun.GetProperty("type").GetString());
        Assert.Equal("<script>alert(1)</script> & co", firstRun.GetProperty("text").GetString());
    }

    [Fact]
    public void With_the_digest_on_reminders_wait_for_it_muted_kinds_stay_in_the_inbox_and_only_channels_with_a_destination_count()
    {
        var now = DateTimeOffset.Parse("2026-12-01T12:00:00Z");
        var preferences = NotificationPreferences.CreateFor(Guid.NewGuid(), "u1", now);
        preferences.Apply(new PreferenceSettings("UTC", "ana@example.com", true, null, true, "https://example.com/teams", true, null, true,
            new TimeOnly(9, 0), [NotificationKind.ReviewFollowUpDue]), now, (plain, _) => "protected:" + plain);
        preferences.VerifyEmail(preferences.NewVerificationCode(now), now);

        Assert.Equal([NotificationChannel.Email, NotificationChannel.Teams], preferences.ChannelsFor(NotificationKind.ActionItemVerified));
        Assert.Empty(preferences.ChannelsFor(NotificationKind.ActionItemOverdue));
        Assert.Empty(preferences.ChannelsFor(NotificationKind.ReviewFollowUpDue));
        Assert.Equal([NotificationChannel.Email, NotificationChannel.Teams], preferences.ChannelsFor(NotificationKind.ActionItemEscalated));
        Assert.Equal(DateTimeOffset.Parse("2026-12-02T09:00:00Z"), preferences.NextDigestAt);
        Assert.Equal("example.com", preferences.TeamsWebhookHost);
    }

    [Fact]
    public void Email_counts_only_once_its_address_is_proven_and_a_new_address_starts_over()
    {
        var now = DateTimeOffset.Parse("2026-12-01T12:00:00Z");
        var preferences = NotificationPreferences.CreateFor(Guid.NewGuid(), "u1", now);
        var settings = new PreferenceSettings("UTC", "ana@example.com", true, null, false, null, false, null, false, new TimeOnly(9, 0), []);
        preferences.Apply(settings, now, (plain, _) => plain);
        Assert.Empty(preferences.ChannelsFor(NotificationKind.ActionItemVerified));

        var code = preferences.NewVerificationCode(now);
        Assert.Throws<TooManyRequestsException>(() => preferences.NewVerificationCode(now.AddSeconds(30)));
        Assert.Throws<ValidationException>(() => preferences.VerifyEmail("not it", now));
        preferences.VerifyEmail(code, now.AddMinutes(1));
        Assert.Equal([NotificationChannel.Email], preferences.ChannelsFor(NotificationKind.ActionItemVerified));

        preferences.Apply(settings with { EmailAddress = "ana.b@example.com" }, now, (plain, _) => plain);
        Assert.Empty(preferences.ChannelsFor(NotificationKind.ActionItemVerified));
        var late = preferences.NewVerificationCode(now.AddMinutes(2));
        Assert.Throws<ConflictException>(() => preferences.VerifyEmail(late, now.AddMinutes(40)));
    }

    [Fact]
    public void Switching_addresses_gets_no_more_codes_than_one_a_minute_and_ten_a_day()
    {
        var now = DateTimeOffset.Parse("2026-12-01T12:00:00Z");
        var preferences = NotificationPreferences.CreateFor(Guid.NewGuid(), "u1", now);
        var settings = new PreferenceSettings("UTC", "a@example.com", true, null, false, null, false, null, false, new TimeOnly(9, 0), []);
        preferences.Apply(settings, now, (plain, _) => plain);
        Assert.True(preferences.NeedsVerificationCode(now));
        preferences.NewVerificationCode(now);
        Assert.False(preferences.NeedsVerificationCode(now.AddMinutes(5)));  // one is waiting

        preferences.Apply(settings with { EmailAddress = "b@example.com" }, now, (plain, _) => plain);
        Assert.False(preferences.NeedsVerificationCode(now.AddSeconds(20)));
        Assert.Throws<TooManyRequestsException>(() => preferences.NewVerificationCode(now.AddSeconds(20)));

        var at = now;
        for (var i = 1; i < NotificationPreferences.MaxCodesPerDay; i++)
        {
            at = at.AddMinutes(2);
            preferences.Apply(settings with { EmailAddress = i % 2 == 0 ? "a@example.com" : "b@example.com" }, at, (plain, _) => plain);
            preferences.NewVerificationCode(at);
        }

        preferences.Apply(settings with { EmailAddress = "c@example.com" }, at.AddMinutes(2), (plain, _) => plain);
        Assert.False(preferences.NeedsVerificationCode(at.AddMinutes(2)));
        Assert.Throws<TooManyRequestsException>(() => preferences.NewVerificationCode(at.AddMinutes(2)));
        Assert.True(preferences.NeedsVerificationCode(now.AddDays(1)));
    }

    [Fact]
    public void A_channel_delivery_is_retried_on_its_schedule_then_fails()
    {
        var now = DateTimeOffset.Parse("2026-12-01T12:00:00Z");
        var notification = Notification.Create(Guid.NewGuid(), "u1", "Ana", NotificationKind.ActionItemOverdue, "t", "b", "/x", Guid.NewGuid(), now);
        var delivery = ChannelDelivery.Create(notification, NotificationChannel.Email, now, now);

        var waits = new List<TimeSpan>();
        for (var attempt = 0; attempt < ChannelDelivery.RetryDelays.Count; attempt++)
        {
            var before = now;
            delivery.AttemptFailed("SMTP 421: try later", now);
            waits.Add(delivery.NextAttemptAt - before);
            now = delivery.NextAttemptAt;
        }

        Assert.Equal(ChannelDelivery.RetryDelays, waits);
        Assert.Equal(ChannelDeliveryStatus.Pending, delivery.Status);
        delivery.AttemptFailed("SMTP 421: try later", now);
        Assert.Equal(ChannelDeliveryStatus.Failed, delivery.Status);
        Assert.Equal(6, delivery.Attempts);
    }

    private static ActionReminder Reminder(string title, string priority, DateOnly due)
    {
        var reminder = ActionReminder.Create(Guid.NewGuid(), Guid.NewGuid(), DateTimeOffset.UtcNow);
        reminder.Update("u1", title, priority, due, "INC-2024-042", DateTimeOffset.UtcNow);
        return reminder;
    }
}
