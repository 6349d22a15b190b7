using System.Globalization;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using IncidentPlatform.Contracts;
using IncidentPlatform.IntegrationTests.Infrastructure;
using IncidentPlatform.Notifications.Infrastructure;
using IncidentPlatform.Notifications.Infrastructure.People;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using MimeKit;

namespace IncidentPlatform.IntegrationTests.Notifications;

/// <summary>
/// Notifications with an SMTP relay (an in-test SMTP server) and a chat receiver standing in for Slack's and Teams'
/// incoming webhooks, on a clock the tests move past quiet hours, retries and digest times.
/// </summary>
public sealed class PeopleNotificationsFixture(TestInfrastructure infrastructure)
    : ServiceFixture<NotificationsDbContext>(infrastructure, ResourceNames.NotificationsDb)
{
    public ManualClock Clock { get; } = new();

    public SmtpSink Smtp { get; } = SmtpSink.Start();

    public WebhookReceiver Chat { get; private set; } = null!;

    protected override async Task<IReadOnlyDictionary<string, string>> ExtraSettingsAsync()
    {
        Chat = await WebhookReceiver.StartAsync(Clock);
        return new Dictionary<string, string>
        {
            ["Webhooks:AllowedPrivateDestinations:0"] = $"127.0.0.1:{Chat.Port}",
            ["PeopleNotifications:Smtp:Host"] = "127.0.0.1",
            ["PeopleNotifications:Smtp:Port"] = Smtp.Port.ToString(CultureInfo.InvariantCulture),
            ["PeopleNotifications:Smtp:Security"] = "None",
            ["PeopleNotifications:Smtp:From"] = "IncidentPlatform <notifications@example.com>",
            ["PeopleNotifications:PublicBaseUrl"] = "https://incidents.example.com",
            ["PeopleNotifications:PollInterval"] = "00:00:00.2",
            ["PeopleNotifications:DigestInterval"] = "00:00:00.2",
        };
    }

    protected override void ConfigureServices(IServiceCollection services) => services.AddSingleton<TimeProvider>(Clock);

    public override async ValueTask DisposeAsync()
    {
        await base.DisposeAsync();
        await Chat.DisposeAsync();
        await Smtp.DisposeAsync();
    }
}

public sealed class PeopleNotificationsTests(PeopleNotificationsFixture service) : IClassFixture<PeopleNotificationsFixture>
{
    [Fact]
    public async Task An_overdue_action_item_reaches_its_owner_by_email_Slack_and_Teams_as_well_as_the_inbox()
    {
        var owner = TestCaller.NewOrg();
        var client = service.CreateClient(owner);
        var (slack, teams) = (service.Chat.NewUrl(), service.Chat.NewUrl());
        var address = $"{Guid.NewGuid():N}@example.com";
        await PutAsync(client, new
        {
            email = new { enabled = true, address },
            slack = new { enabled = true, webhookUrl = slack },
            teams = new { enabled = true, webhookUrl = teams },
        });
        var overdue = Overdue(owner, "Alert on <retry budget> & exhaustion");

        await service.PublishAsync(overdue);

        var email = await Eventually.GetAsync(() => Task.FromResult(EmailsTo(address).FirstOrDefault()), "the email");
        Assert.Contains("Alert on <retry budget> & exhaustion", email.Subject);
        Assert.Equal("notifications@example.com", email.From.Mailboxes.Single().Address);
        Assert.Equal(owner.Name, email.To.Mailboxes.Single().Name);
        Assert.Contains($"https://incidents.example.com/api/action-items/{overdue.ActionItemId}", email.TextBody);
        Assert.Contains("Alert on &lt;retry budget&gt; &amp; exhaustion", email.HtmlBody);
        Assert.DoesNotContain("<retry budget>", email.HtmlBody);

        var slackMessage = await SingleChatMessageAsync(slack);
        Assert.Contains("Alert on &lt;retry budget&gt; &amp; exhaustion", slackMessage.GetProperty("text").GetString());
        Assert.Contains("Alert on <retry budget> & exhaustion", slackMessage.GetProperty("blocks")[0].GetProperty("text").GetProperty("text").GetString());
        Assert.Equal("header", slackMessage.GetProperty("blocks")[0].GetProperty("type").GetString());
        var teamsMessage = await SingleChatMessageAsync(teams);
        var card = teamsMessage.GetProperty("attachments")[0];
        Assert.Equal("application/vnd.microsoft.card.adaptive", card.GetProperty("contentType").GetString());
        Assert.Equal("AdaptiveCard", card.GetProperty("content").GetProperty("type").GetString());

        var notification = await NotificationOfKindAsync(client, "actionItemOverdue");
        await Eventually.TrueAsync(async () =>
        {
            var current = await client.GetFromJsonAsync<JsonElement>($"/api/notifications/{notification.GetProperty("id").GetString()}");
            return current.GetProperty("deliveries").EnumerateArray().All(d => d.GetProperty("status").GetString() == "sent")
                && current.GetProperty("deliveries").GetArrayLength() == 3;
        }, "all three deliveries to be recorded as sent");
        Assert.Single(EmailsTo(address));
    }

    [Fact]
    public async Task During_quiet_hours_email_waits_until_they_end_while_the_inbox_has_it_at_once()
    {
        var (owner, client, address) = NewPerson();
        var now = service.Clock.GetUtcNow();
        await PutAsync(client, new
        {
            timeZone = "UTC",
            email = new { enabled = true, address },
            quietHours = QuietFor(now),
        });

        await service.PublishAsync(Overdue(owner, "Quiet please"));

        var notification = await NotificationOfKindAsync(client, "actionItemOverdue");
        var delivery = Assert.Single((await client.GetFromJsonAsync<JsonElement>($"/api/notifications/{notification.GetProperty("id").GetString()}"))
            .GetProperty("deliveries").EnumerateArray());
        Assert.Equal("pending", delivery.GetProperty("status").GetString());
        Assert.True(delivery.GetProperty("nextAttemptAt").GetDateTimeOffset() > now.AddMinutes(58));
        Assert.Empty(EmailsTo(address));

        service.Clock.Advance(TimeSpan.FromMinutes(61));

        var email = await Eventually.GetAsync(() => Task.FromResult(EmailsTo(address).FirstOrDefault()), "the email after the quiet hours");
        Assert.Contains("Quiet please", email.Subject);
    }

    [Fact]
    public async Task An_SMTP_relay_that_refuses_is_retried_and_the_email_goes_out_once_it_accepts()
    {
        var (owner, client, address) = NewPerson();
        await PutAsync(client, new { email = new { enabled = true, address } });
        var chatUrl = service.Chat.NewUrl();
        service.Chat.Plan(chatUrl, WebhookReceiver.Status(500));
        await PutAsync(client, new { email = new { enabled = true, address }, slack = new { enabled = true, webhookUrl = chatUrl } }, ifMatch: true);

        service.Smtp.Refusing = true;
        try
        {
            await service.PublishAsync(Verified(owner));
            var notification = await NotificationOfKindAsync(client, "actionItemVerified");
            var id = notification.GetProperty("id").GetString();
            await Eventually.TrueAsync(async () =>
            {
                var deliveries = (await client.GetFromJsonAsync<JsonElement>($"/api/notifications/{id}")).GetProperty("deliveries").EnumerateArray().ToList();
                return deliveries.Count == 2 && deliveries.All(d => d.GetProperty("attempts").GetInt32() == 1 && d.GetProperty("status").GetString() == "pending");
            }, "a first failed attempt on both channels");
            var failed = (await client.GetFromJsonAsync<JsonElement>($"/api/notifications/{id}")).GetProperty("deliveries").EnumerateArray().ToList();
            Assert.Contains(failed, d => d.GetProperty("channel").GetString() == "email" && d.GetProperty("lastError").GetString()!.Contains("421"));
            Assert.Contains(failed, d => d.GetProperty("channel").GetString() == "slack" && d.GetProperty("lastError").GetString()!.Contains("500"));
        }
        finally
        {
            service.Smtp.Refusing = false;
        }

        service.Clock.Advance(TimeSpan.FromMinutes(2));

        await Eventually.GetAsync(() => Task.FromResult(EmailsTo(address).FirstOrDefault()), "the email on the retry");
        await Eventually.TrueAsync(() => service.Chat.ReceivedAt(chatUrl).Count == 2, "the Slack message on its retry");
        Assert.Single(EmailsTo(address));
    }

    [Fact]
    public async Task The_daily_digest_lists_due_and_overdue_items_once_a_day_and_drops_finished_ones()
    {
        var (owner, client, address) = NewPerson();
        var now = service.Clock.GetUtcNow();
        await PutAsync(client, new { timeZone = "UTC", email = new { enabled = true, address }, dailyDigest = new { enabled = true, at = Time(now.AddHours(2)) } });
        var overdue = Overdue(owner, "Alert on retry budget exhaustion");
        var dueSoon = DueSoon(owner, "Add a canary stage for config changes");

        await service.PublishAsync(overdue);
        await service.PublishAsync(dueSoon);
        await NotificationOfKindAsync(client, "actionItemOverdue");
        await NotificationOfKindAsync(client, "actionItemDueSoon");
        Assert.Empty(EmailsTo(address));  // with the digest on, reminders wait for it

        service.Clock.Advance(TimeSpan.FromHours(3));

        var digest = await NotificationOfKindAsync(client, "dailyDigest");
        Assert.Equal("Your action items: 1 overdue, 1 due soon", digest.GetProperty("title").GetString());
        var body = digest.GetProperty("body").GetString()!;
        Assert.True(body.IndexOf("Alert on retry budget", StringComparison.Ordinal) < body.IndexOf("Add a canary", StringComparison.Ordinal), body);
        var email = await Eventually.GetAsync(() => Task.FromResult(EmailsTo(address).FirstOrDefault()), "the digest email");
        Assert.Contains("<li>", email.HtmlBody);

        // The same day again: nothing more. Then one item is done, and tomorrow's digest lists the other only.
        service.Clock.Advance(TimeSpan.FromMinutes(10));
        await service.PublishAsync(Finished(owner, overdue.ActionItemId));
        await Eventually.TrueAsync(() => service.QueryAsync(owner.OrgId, db => db.ActionReminders.CountAsync()).ContinueWith(t => t.Result == 1), "the done item to leave the digest");
        Assert.Single(EmailsTo(address));
        service.Clock.Advance(TimeSpan.FromDays(1));

        await Eventually.TrueAsync(() => EmailsTo(address).Count == 2, "the next day's digest");
        var next = EmailsTo(address)[1];
        Assert.Equal("Your action items: 1 due soon", next.Subject);
        Assert.DoesNotContain("Alert on retry budget", next.TextBody);
        Assert.Equal(2, await service.QueryAsync(owner.OrgId, db => db.Notifications.CountAsync(n => n.Kind == IncidentPlatform.Notifications.Domain.NotificationKind.DailyDigest)));
    }

    [Fact]
    public async Task Digest_sweeps_running_at_once_as_on_several_replicas_send_one_digest()
    {
        var (owner, client, address) = NewPerson();
        var now = service.Clock.GetUtcNow();
        await PutAsync(client, new { timeZone = "UTC", email = new { enabled = true, address }, dailyDigest = new { enabled = true, at = Time(now.AddHours(2)) } });
        await service.PublishAsync(Overdue(owner, "Alert on retry budget exhaustion"));
        await NotificationOfKindAsync(client, "actionItemOverdue");

        service.Clock.Advance(TimeSpan.FromHours(3));
        var sweeper = service.Services.GetRequiredService<DailyDigestSweeper>();
        await Task.WhenAll(Enumerable.Range(0, 4).Select(_ => Task.Run(() => sweeper.SweepOnceAsync(CancellationToken.None))));

        await NotificationOfKindAsync(client, "dailyDigest");
        await Eventually.TrueAsync(() => EmailsTo(address).Count == 1, "the digest email");
        Assert.Equal(1, await service.QueryAsync(owner.OrgId, db => db.Notifications.CountAsync(n => n.Kind == IncidentPlatform.Notifications.Domain.NotificationKind.DailyDigest)));
        // The email reaches the SMTP server before the dispatcher records it as sent.
        await Eventually.TrueAsync(
            async () => await service.QueryAsync(owner.OrgId, db => db.ChannelDeliveries.CountAsync(d => d.Status == IncidentPlatform.Notifications.Domain.People.ChannelDeliveryStatus.Sent)) == 1,
            "the one delivery to be recorded as sent");
        Assert.Equal(1, await service.QueryAsync(owner.OrgId, db => db.ChannelDeliveries.CountAsync()));
    }

    [Fact]
    public async Task A_digest_time_moved_later_the_same_day_sends_no_second_digest_and_holds_up_no_one()
    {
        // The test moves the clock three hours on: start it at 09:00 UTC, so "later the same day" stays the same day
        // wherever the real time and the other tests have left the clock (past 22:30 the moved digest fell on the next
        // day, and that day's digest was rightly sent).
        var start = service.Clock.GetUtcNow();
        service.Clock.Advance(new DateTimeOffset(start.UtcDateTime.Date.AddDays(1).AddHours(9), TimeSpan.Zero) - start);
        var (owner, client, address) = NewPerson();
        var now = service.Clock.GetUtcNow();
        await PutAsync(client, new { timeZone = "UTC", email = new { enabled = true, address }, dailyDigest = new { enabled = true, at = Time(now.AddMinutes(30)) } });
        await service.PublishAsync(Overdue(owner, "Alert on retry budget exhaustion"));
        await NotificationOfKindAsync(client, "actionItemOverdue");
        service.Clock.Advance(TimeSpan.FromHours(1));
        await Eventually.TrueAsync(() => EmailsTo(address).Count == 1, "the first digest");

        var later = Time(service.Clock.GetUtcNow().AddMinutes(30));
        await PutAsync(client, new { timeZone = "UTC", email = new { enabled = true, address }, dailyDigest = new { enabled = true, at = later } }, ifMatch: true);
        service.Clock.Advance(TimeSpan.FromHours(1));

        var other = TestCaller.NewOrg();
        var otherAddress = $"{Guid.NewGuid():N}@example.com";
        await PutAsync(service.CreateClient(other), new { timeZone = "UTC", email = new { enabled = true, address = otherAddress }, dailyDigest = new { enabled = true, at = Time(service.Clock.GetUtcNow().AddMinutes(30)) } });
        await service.PublishAsync(Overdue(other, "Document the rollback"));
        await NotificationOfKindAsync(service.CreateClient(other), "actionItemOverdue");
        service.Clock.Advance(TimeSpan.FromHours(1));

        await Eventually.TrueAsync(() => EmailsTo(otherAddress).Count == 1, "another person's digest, not held up");
        Assert.Single(EmailsTo(address));
        var preferences = await service.QueryAsync(owner.OrgId, db => db.NotificationPreferences.SingleAsync());
        Assert.True(preferences.NextDigestAt > service.Clock.GetUtcNow().AddHours(12));
    }

    [Fact]
    public async Task Muted_kinds_stay_in_the_inbox_and_a_turned_off_channel_skips_what_waited()
    {
        var (owner, client, address) = NewPerson();
        var now = service.Clock.GetUtcNow();
        await PutAsync(client, new
        {
            timeZone = "UTC",
            email = new { enabled = true, address },
            quietHours = QuietFor(now),
            mutedKinds = new[] { "actionItemAssigned" },
        });

        await service.PublishAsync(Created(owner));
        await service.PublishAsync(Verified(owner));
        var assigned = await NotificationOfKindAsync(client, "actionItemAssigned");
        var verified = await NotificationOfKindAsync(client, "actionItemVerified");
        Assert.Empty((await client.GetFromJsonAsync<JsonElement>($"/api/notifications/{assigned.GetProperty("id").GetString()}")).GetProperty("deliveries").EnumerateArray());

        await PutAsync(client, new { timeZone = "UTC", email = new { enabled = false, address } }, ifMatch: true);
        service.Clock.Advance(TimeSpan.FromMinutes(61));

        await Eventually.TrueAsync(async () =>
        {
            var detail = await client.GetFromJsonAsync<JsonElement>($"/api/notifications/{verified.GetProperty("id").GetString()}");
            return detail.GetProperty("deliveries")[0].GetProperty("status").GetString() == "skipped";
        }, "the waiting email to be skipped");
        Assert.Empty(EmailsTo(address));
    }

    [Fact]
    public async Task Preferences_are_the_callers_own_chat_urls_are_never_shown_and_a_test_message_goes_everywhere_turned_on()
    {
        var owner = TestCaller.NewOrg();
        var client = service.CreateClient(owner);
        var defaults = await client.GetFromJsonAsync<JsonElement>("/api/notifications/preferences");
        Assert.False(defaults.GetProperty("email").GetProperty("enabled").GetBoolean());
        Assert.Equal("UTC", defaults.GetProperty("timeZone").GetString());

        var slack = service.Chat.NewUrl();
        var saved = await PutAsync(client, new { timeZone = "Europe/Berlin", slack = new { enabled = true, webhookUrl = slack }, dailyDigest = new { enabled = true, at = "08:30" } });
        Assert.DoesNotContain(new Uri(slack).AbsolutePath, saved.ToString());
        Assert.True(saved.GetProperty("slack").GetProperty("webhookConfigured").GetBoolean());
        Assert.Equal("127.0.0.1", saved.GetProperty("slack").GetProperty("webhookHost").GetString());
        Assert.Equal("08:30", saved.GetProperty("dailyDigest").GetProperty("at").GetString());
        var stored = await service.QueryAsync(owner.OrgId, db => db.NotificationPreferences.SingleAsync());
        Assert.DoesNotContain(new Uri(slack).AbsolutePath, stored.ProtectedSlackWebhookUrl);

        // Left out, the stored URL is kept.
        var again = await PutAsync(client, new { timeZone = "Europe/Berlin", slack = new { enabled = true } }, ifMatch: true);
        Assert.True(again.GetProperty("slack").GetProperty("webhookConfigured").GetBoolean());

        var test = await client.PostAsync("/api/notifications/preferences/test", null);
        Assert.Equal(HttpStatusCode.Accepted, test.StatusCode);
        await Eventually.TrueAsync(() => service.Chat.ReceivedAt(slack).Count == 1, "the test message on Slack");

        // A handful an hour, then 429 with when to try again.
        for (var i = 1; i < 5; i++)
        {
            Assert.Equal(HttpStatusCode.Accepted, (await client.PostAsync("/api/notifications/preferences/test", null)).StatusCode);
        }

        var tooMany = await client.PostAsync("/api/notifications/preferences/test", null);
        Assert.Equal(HttpStatusCode.TooManyRequests, tooMany.StatusCode);
        Assert.NotNull(tooMany.Headers.RetryAfter);

        // Another person of the same org, and one of another org, see their own defaults, not these.
        foreach (var other in new[] { owner.OtherUserOfSameOrg(), TestCaller.NewOrg() })
        {
            var theirs = await service.CreateClient(other).GetFromJsonAsync<JsonElement>("/api/notifications/preferences");
            Assert.False(theirs.GetProperty("slack").GetProperty("webhookConfigured").GetBoolean());
        }
    }

    [Fact]
    public async Task Nothing_is_emailed_to_an_address_until_the_code_sent_there_is_entered()
    {
        var (owner, client, address) = NewPerson();
        var saved = await (await client.PutAsJsonAsync("/api/notifications/preferences", new { email = new { enabled = true, address } })).Content.ReadFromJsonAsync<JsonElement>();
        Assert.False(saved.GetProperty("email").GetProperty("verified").GetBoolean());
        Assert.NotEqual(JsonValueKind.Null, saved.GetProperty("email").GetProperty("codeSentAt").ValueKind);
        var code = VerificationCodeSentTo(address);
        Assert.Matches("^[0-9]{6}$", code);

        await service.PublishAsync(Verified(owner));
        var notification = await NotificationOfKindAsync(client, "actionItemVerified");
        Assert.Empty((await client.GetFromJsonAsync<JsonElement>($"/api/notifications/{notification.GetProperty("id").GetString()}")).GetProperty("deliveries").EnumerateArray());

        var wrong = await client.PostAsJsonAsync("/api/notifications/preferences/email/verify", new { code = code == "000000" ? "111111" : "000000" });
        Assert.Equal(HttpStatusCode.UnprocessableEntity, wrong.StatusCode);
        Assert.Contains("4 tries left", (await wrong.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("errors").GetProperty("code")[0].GetString());
        Assert.Equal(HttpStatusCode.TooManyRequests, (await client.PostAsync("/api/notifications/preferences/email/verification", null)).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await client.PostAsJsonAsync("/api/notifications/preferences/email/verify", new { code })).StatusCode);
        Assert.Equal(HttpStatusCode.Conflict, (await client.PostAsJsonAsync("/api/notifications/preferences/email/verify", new { code })).StatusCode);

        await service.PublishAsync(Verified(owner));
        await Eventually.TrueAsync(() => EmailsTo(address).Count == 1, "the first email, once verified");

        // A new address starts over (once a minute has passed since the last code); five wrong codes need a new one.
        service.Clock.Advance(TimeSpan.FromMinutes(2));
        var next = $"{Guid.NewGuid():N}@example.com";
        using (var change = new HttpRequestMessage(HttpMethod.Put, "/api/notifications/preferences") { Content = JsonContent.Create(new { email = new { enabled = true, address = next } }) })
        {
            change.Headers.IfMatch.Add((await client.GetAsync("/api/notifications/preferences")).Headers.ETag!);
            Assert.False((await (await client.SendAsync(change)).Content.ReadFromJsonAsync<JsonElement>()).GetProperty("email").GetProperty("verified").GetBoolean());
        }

        for (var i = 0; i < 5; i++)
        {
            await client.PostAsJsonAsync("/api/notifications/preferences/email/verify", new { code = "abc" });
        }

        Assert.Equal(HttpStatusCode.Conflict, (await client.PostAsJsonAsync("/api/notifications/preferences/email/verify", new { code = VerificationCodeSentTo(next) })).StatusCode);
        service.Clock.Advance(TimeSpan.FromMinutes(2));
        Assert.Equal(HttpStatusCode.Accepted, (await client.PostAsync("/api/notifications/preferences/email/verification", null)).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await client.PostAsJsonAsync("/api/notifications/preferences/email/verify", new { code = VerificationCodeSentTo(next) })).StatusCode);
    }

    [Fact]
    public async Task Bad_preferences_are_field_errors_and_a_stale_ETag_is_412()
    {
        var client = service.CreateClient();
        var bad = await client.PutAsJsonAsync("/api/notifications/preferences", new
        {
            timeZone = "Mars/Olympus",
            email = new { enabled = true, address = "not an address" },
            slack = new { enabled = true, webhookUrl = "http://169.254.169.254/latest" },
            teams = new { enabled = true },
            quietHours = new { start = "25:00", end = "07:00" },
            dailyDigest = new { enabled = true, at = "9am" },
            mutedKinds = new[] { "everything" },
        });
        Assert.Equal(HttpStatusCode.BadRequest, bad.StatusCode);
        var errors = (await bad.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("errors");
        foreach (var field in new[] { "timeZone", "email.address", "slack.webhookUrl", "teams.webhookUrl", "quietHours.start", "dailyDigest.at", "mutedKinds" })
        {
            Assert.True(errors.TryGetProperty(field, out _), $"no error for {field}: {errors}");
        }

        var same = await client.PutAsJsonAsync("/api/notifications/preferences", new { quietHours = new { start = "07:00", end = "07:00" } });
        Assert.Equal(HttpStatusCode.BadRequest, same.StatusCode);
        var longUrl = await client.PutAsJsonAsync("/api/notifications/preferences", new { slack = new { enabled = true, webhookUrl = service.Chat.NewUrl() + new string('x', 1000) } });
        Assert.Equal(HttpStatusCode.BadRequest, longUrl.StatusCode);
        Assert.Contains("At most 1000", (await longUrl.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("errors").GetProperty("slack.webhookUrl")[0].GetString());

        await PutAsync(client, new { timeZone = "UTC" });
        using var stale = new HttpRequestMessage(HttpMethod.Put, "/api/notifications/preferences") { Content = JsonContent.Create(new { timeZone = "UTC" }) };
        stale.Headers.IfMatch.Add(new System.Net.Http.Headers.EntityTagHeaderValue("\"0\""));
        Assert.Equal(HttpStatusCode.PreconditionFailed, (await client.SendAsync(stale)).StatusCode);
    }

    [Fact]
    public async Task The_inbox_marks_one_unread_again_and_all_read_and_another_org_cannot_touch_a_notification()
    {
        var owner = TestCaller.NewOrg();
        var client = service.CreateClient(owner);
        await service.PublishAsync(Created(owner));
        await service.PublishAsync(Verified(owner));
        var first = await NotificationOfKindAsync(client, "actionItemAssigned");
        await NotificationOfKindAsync(client, "actionItemVerified");
        var id = first.GetProperty("id").GetString();

        var readAll = await client.PostAsync("/api/notifications/read-all", null);
        Assert.Equal(2, (await readAll.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("marked").GetInt32());
        var unread = await client.PostAsync($"/api/notifications/{id}/unread", null);
        Assert.Equal(JsonValueKind.Null, (await unread.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("readAt").ValueKind);
        var unreadOnly = await client.GetFromJsonAsync<JsonElement>("/api/notifications?unreadOnly=true");
        Assert.Equal(id, Assert.Single(unreadOnly.GetProperty("items").EnumerateArray()).GetProperty("id").GetString());

        // A stranger, and the same user id in another org: the org, not only the recipient, scopes the inbox.
        foreach (var stranger in new[] { service.CreateClient(TestCaller.NewOrg()), service.CreateClient(owner with { OrgId = Guid.NewGuid() }) })
        {
            Assert.Equal(HttpStatusCode.NotFound, (await stranger.PostAsync($"/api/notifications/{id}/unread", null)).StatusCode);
            Assert.Equal(HttpStatusCode.NotFound, (await stranger.GetAsync($"/api/notifications/{id}")).StatusCode);
            Assert.Empty((await stranger.GetFromJsonAsync<JsonElement>("/api/notifications")).GetProperty("items").EnumerateArray());
            Assert.Equal(0, (await (await stranger.PostAsync("/api/notifications/read-all", null)).Content.ReadFromJsonAsync<JsonElement>()).GetProperty("marked").GetInt32());
        }

        Assert.Single((await client.GetFromJsonAsync<JsonElement>("/api/notifications?unreadOnly=true")).GetProperty("items").EnumerateArray());
    }

    /// <summary>
    /// Saves preferences as the person does (with the current ETag when <paramref name="ifMatch"/>), and when that sent a
    /// code to a new email address, reads it in the test mailbox and enters it, as the person would.
    /// </summary>
    private async Task<JsonElement> PutAsync(HttpClient client, object preferences, bool ifMatch = false)
    {
        using var request = new HttpRequestMessage(HttpMethod.Put, "/api/notifications/preferences") { Content = JsonContent.Create(preferences) };
        if (ifMatch)
        {
            request.Headers.IfMatch.Add((await client.GetAsync("/api/notifications/preferences")).Headers.ETag!);
        }

        var response = await client.SendAsync(request);
        var body = await response.Content.ReadFromJsonAsync<JsonElement>();
        Assert.True(response.StatusCode == HttpStatusCode.OK, body.ToString());
        var email = body.GetProperty("email");
        if (email.GetProperty("address").GetString() is { } address && !email.GetProperty("verified").GetBoolean())
        {
            var code = VerificationCodeSentTo(address);
            var verified = await client.PostAsJsonAsync("/api/notifications/preferences/email/verify", new { code });
            body = await verified.Content.ReadFromJsonAsync<JsonElement>();
            Assert.True(verified.StatusCode == HttpStatusCode.OK, body.ToString());
        }

        return body;
    }

    /// <summary>A person of a new org, their client, and a mailbox of their own in the test SMTP server.</summary>
    private (TestCaller Owner, HttpClient Client, string Address) NewPerson()
    {
        var owner = TestCaller.NewOrg();
        return (owner, service.CreateClient(owner), $"{Guid.NewGuid():N}@example.com");
    }

    /// <summary>Quiet hours from an hour before <paramref name="now"/> to an hour after (UTC).</summary>
    private static object QuietFor(DateTimeOffset now) => new { start = Time(now.AddHours(-1)), end = Time(now.AddHours(1)) };

    private string VerificationCodeSentTo(string address) =>
        service.Smtp.MessagesTo(address).Last(m => m.Subject?.StartsWith(VerificationSubject, StringComparison.Ordinal) == true).Subject![VerificationSubject.Length..];

    private const string VerificationSubject = "Your IncidentPlatform verification code: ";

    /// <summary>The notifications emailed to <paramref name="address"/> (not its verification codes).</summary>
    private IReadOnlyList<MimeMessage> EmailsTo(string address) =>
        [.. service.Smtp.MessagesTo(address).Where(m => m.Subject?.StartsWith(VerificationSubject, StringComparison.Ordinal) != true)];

    private async Task<JsonElement> SingleChatMessageAsync(string url)
    {
        var received = await Eventually.GetAsync(() => Task.FromResult(service.Chat.ReceivedAt(url).FirstOrDefault()), $"a message at {url}");
        Assert.StartsWith("application/json", received.ContentType);
        return JsonDocument.Parse(received.Body).RootElement.Clone();
    }

    private static async Task<JsonElement> NotificationOfKindAsync(HttpClient client, string kind) =>
        (await Eventually.GetAsync(async () =>
        {
            var page = await client.GetFromJsonAsync<JsonElement>("/api/notifications");
            return page.GetProperty("items").EnumerateArray().Where(n => n.GetProperty("kind").GetString() == kind).Select(n => (JsonElement?)n.Clone()).FirstOrDefault();
        }, $"a {kind} notification"))!.Value;

    private static string Time(DateTimeOffset at) => at.UtcDateTime.ToString("HH:mm", CultureInfo.InvariantCulture);

    private static ActionItemOverdue Overdue(TestCaller owner, string title) => new(
        owner.OrgId, Guid.NewGuid(), Guid.NewGuid(), "INC-2024-042", title, "P1", owner.Person,
        DateOnly.FromDateTime(DateTime.UtcNow.AddDays(-3)), null, DateTimeOffset.UtcNow);

    private static ActionItemDueSoon DueSoon(TestCaller owner, string title) => new(
        owner.OrgId, Guid.NewGuid(), Guid.NewGuid(), "INC-2024-042", title, "P2", owner.Person,
        DateOnly.FromDateTime(DateTime.UtcNow.AddDays(5)), DateTimeOffset.UtcNow);

    private static ActionItemStatusChanged Finished(TestCaller owner, Guid actionItemId) => new(
        owner.OrgId, actionItemId, Guid.NewGuid(), Guid.NewGuid(), "INC-2024-042", "Alert on retry budget exhaustion", "inProgress", "done", null,
        owner.Person, owner.Person, DateTimeOffset.UtcNow);

    private static ActionItemVerified Verified(TestCaller owner) => new(
        owner.OrgId, Guid.NewGuid(), Guid.NewGuid(), Guid.NewGuid(), "INC-2024-042", "Alert on retry budget exhaustion", owner.Person,
        new PersonRef("verifier", "Vera Verifier"), ["https://grafana.example.com/d/retries"], DateTimeOffset.UtcNow);

    private static ActionItemCreated Created(TestCaller owner) => new(
        owner.OrgId, Guid.NewGuid(), Guid.NewGuid(), Guid.NewGuid(), "INC-2024-042", "Add a canary stage for config changes", owner.Person,
        DateOnly.FromDateTime(DateTime.UtcNow.AddDays(30)), "P2", DateTimeOffset.UtcNow);
}
