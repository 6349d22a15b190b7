using System.Security.Cryptography;
using System.Text;
using IncidentPlatform.Actions.Domain;
using IncidentPlatform.Actions.Domain.Trackers;
using IncidentPlatform.Actions.Infrastructure.Trackers;
using IncidentPlatform.ServiceDefaults.Http;

namespace IncidentPlatform.UnitTests;

public sealed class TrackerSyncRulesTests
{
    private static readonly TrackerHosts NoExtraHosts = new([]);

    [Theory]
    [InlineData(ExternalState.Closed, ActionItemStatus.Open, ActionItemStatus.Done)]
    [InlineData(ExternalState.Closed, ActionItemStatus.InProgress, ActionItemStatus.Done)]
    [InlineData(ExternalState.Closed, ActionItemStatus.Verified, null)]
    [InlineData(ExternalState.Closed, ActionItemStatus.WontDo, null)]
    [InlineData(ExternalState.Open, ActionItemStatus.Done, ActionItemStatus.Open)]
    [InlineData(ExternalState.Open, ActionItemStatus.Verified, ActionItemStatus.Open)]
    [InlineData(ExternalState.InProgress, ActionItemStatus.WontDo, ActionItemStatus.Open)]
    [InlineData(ExternalState.InProgress, ActionItemStatus.Open, ActionItemStatus.InProgress)]
    [InlineData(ExternalState.Open, ActionItemStatus.InProgress, null)]
    [InlineData(ExternalState.Open, ActionItemStatus.Open, null)]
    [InlineData(ExternalState.Canceled, ActionItemStatus.Open, ActionItemStatus.WontDo)]
    [InlineData(ExternalState.Canceled, ActionItemStatus.Done, null)]
    public void The_item_follows_what_the_tracker_did_and_verifying_stays_with_a_person(ExternalState tracker, ActionItemStatus item, ActionItemStatus? expected)
    {
        var link = LinkAt(item);
        var issue = new ExternalIssue("42", "ENG-42", "https://linear.app/acme/issue/ENG-42", tracker);

        Assert.Equal(expected, link.Decide(issue, item));
        link.Observed(issue);
        Assert.False(link.NeedsPush);
    }

    [Fact]
    public void A_read_that_finds_the_issue_as_last_seen_does_not_undo_a_change_made_here_and_not_yet_pushed()
    {
        var now = DateTimeOffset.Parse("2026-12-01T12:00:00Z");
        var link = LinkAt(ActionItemStatus.Open);
        link.ItemMoved(ActionItemStatus.Done, now);
        var unchanged = new ExternalIssue("42", "ENG-42", "https://linear.app/acme/issue/ENG-42", ExternalState.Open);

        Assert.Null(link.Decide(unchanged, ActionItemStatus.Done));
        link.Observed(unchanged);

        Assert.True(link.NeedsPush);
        Assert.Equal(ExternalState.Closed, link.DesiredState);
    }

    [Fact]
    public void A_change_made_here_and_not_yet_pushed_wins_over_a_move_the_tracker_made_meanwhile()
    {
        var now = DateTimeOffset.Parse("2026-12-01T12:00:00Z");
        var link = LinkAt(ActionItemStatus.Open);
        link.ItemMoved(ActionItemStatus.Done, now);
        var started = new ExternalIssue("42", "ENG-42", "https://linear.app/acme/issue/ENG-42", ExternalState.InProgress);

        Assert.Null(link.Decide(started, ActionItemStatus.Done));
        link.Observed(started);

        Assert.True(link.NeedsPush);
        Assert.Equal(ExternalState.Closed, link.DesiredState);
    }

    [Fact]
    public void An_item_that_cannot_follow_tells_the_tracker_its_state_instead()
    {
        var link = LinkAt(ActionItemStatus.Open);
        var closed = new ExternalIssue("42", "ENG-42", "https://linear.app/acme/issue/ENG-42", ExternalState.Closed);

        link.CouldNotFollow(closed, ActionItemStatus.Open);

        Assert.True(link.NeedsPush);
        Assert.Equal(ExternalState.Open, link.DesiredState);
        Assert.False(link.PullRequested);
    }

    [Fact]
    public void GitHub_open_is_the_same_as_in_progress_so_nothing_is_pushed_or_followed_back_and_forth()
    {
        var now = DateTimeOffset.Parse("2026-12-01T12:00:00Z");
        var link = LinkAt(ActionItemStatus.Open, TrackerKind.GitHub);
        link.Synced(now, TimeSpan.FromMinutes(10));

        link.ItemMoved(ActionItemStatus.InProgress, now);
        Assert.False(link.NeedsPush);
        var open = new ExternalIssue("42", "#42", "https://github.com/acme/api/issues/42", ExternalState.Open);
        Assert.Null(link.Decide(open, ActionItemStatus.InProgress));
        link.Observed(open);
        Assert.False(link.NeedsPush);
    }

    [Fact]
    public void A_status_move_here_is_pushed_once_and_a_move_to_what_the_tracker_shows_already_is_not()
    {
        var now = DateTimeOffset.Parse("2026-12-01T12:00:00Z");
        var link = LinkAt(ActionItemStatus.Open);
        link.Synced(now, TimeSpan.FromMinutes(10));

        link.ItemMoved(ActionItemStatus.Done, now);
        Assert.Equal(TrackerSyncStatus.Pending, link.SyncStatus);
        Assert.True(link.NeedsPush);
        link.Pushed(new ExternalIssue("42", "#42", "u", ExternalState.Closed), now);
        Assert.False(link.NeedsPush);
        link.Synced(now, TimeSpan.FromMinutes(10));

        link.ItemMoved(ActionItemStatus.Verified, now);
        Assert.Equal(TrackerSyncStatus.Synced, link.SyncStatus);
        Assert.Equal(now.AddMinutes(10), link.NextPollAt);
    }

    [Fact]
    public void Failed_attempts_back_off_to_six_hours_and_keep_trying()
    {
        var now = DateTimeOffset.Parse("2026-12-01T12:00:00Z");
        var link = LinkAt(ActionItemStatus.Open);

        var waits = new List<TimeSpan>();
        for (var i = 0; i < 7; i++)
        {
            link.AttemptFailed("GitHub answered 502", now);
            waits.Add(link.NextAttemptAt - now);
        }

        Assert.Equal([TimeSpan.FromSeconds(30), TimeSpan.FromMinutes(2), TimeSpan.FromMinutes(10), TimeSpan.FromHours(1), TimeSpan.FromHours(6), TimeSpan.FromHours(6), TimeSpan.FromHours(6)], waits);
        Assert.Equal(TrackerSyncStatus.Pending, link.SyncStatus);
        Assert.Equal(7, link.Attempts);
    }

    [Theory]
    [InlineData(TrackerKind.GitHub, "https://api.github.com", true)]
    [InlineData(TrackerKind.GitHub, "https://github.example.com", false)]
    [InlineData(TrackerKind.GitHub, "http://api.github.com", false)]
    [InlineData(TrackerKind.Jira, "https://acme.atlassian.net", true)]
    [InlineData(TrackerKind.Jira, "https://evil.com/.atlassian.net", false)]
    [InlineData(TrackerKind.Jira, "https://a.b.atlassian.net", false)]
    [InlineData(TrackerKind.Jira, "https://user:pw@acme.atlassian.net", false)]
    [InlineData(TrackerKind.Jira, "https://acme.atlassian.net:8443", false)]
    [InlineData(TrackerKind.Linear, "https://api.linear.app", true)]
    [InlineData(TrackerKind.Linear, "https://169.254.169.254", false)]
    public void Only_the_trackers_own_services_are_reachable_unless_an_operator_allows_a_host(TrackerKind kind, string url, bool allowed)
    {
        Assert.Equal(allowed, NoExtraHosts.Refusal(kind, url) is null);
        Assert.Null(new TrackerHosts([url]).Refusal(kind, url));
    }

    [Fact]
    public void Connection_settings_name_every_wrong_field()
    {
        var error = Assert.Throws<ValidationException>(() => TrackerSettings.Validate(TrackerKind.Jira, "https://acme.atlassian.net/", "ops", null, false, false, NoExtraHosts));
        Assert.Equal(["project", "token", "userName"], error.Errors.Keys.Order());

        var github = TrackerSettings.Validate(TrackerKind.GitHub, null, " acme/checkout-api ", "ignored", true, true, NoExtraHosts);
        Assert.Equal(new TrackerSettings("https://api.github.com", "acme/checkout-api", null, true), github);
        Assert.Throws<ValidationException>(() => TrackerSettings.Validate(TrackerKind.GitHub, null, "acme", null, false, true, NoExtraHosts));
    }

    [Fact]
    public void Webhook_signatures_are_HMAC_SHA256_of_the_body_with_the_connections_secret()
    {
        var body = Encoding.UTF8.GetBytes("""{"action":"closed","issue":{"number":42}}""");
        var signature = Convert.ToHexStringLower(HMACSHA256.HashData(Encoding.UTF8.GetBytes("trk_secret"), body));

        Assert.True(TrackerHttp.HasValidSignature("sha256=" + signature, "sha256=", body, "trk_secret"));
        Assert.True(TrackerHttp.HasValidSignature(signature.ToUpperInvariant(), "", body, "trk_secret"));
        Assert.False(TrackerHttp.HasValidSignature("sha256=" + signature, "sha256=", body, "another"));
        Assert.False(TrackerHttp.HasValidSignature("sha256=zz", "sha256=", body, "trk_secret"));
        Assert.False(TrackerHttp.HasValidSignature(null, "", body, "trk_secret"));
    }

    private static TrackerLink LinkAt(ActionItemStatus status, TrackerKind kind = TrackerKind.Linear)
    {
        var (connection, _) = TrackerConnection.Create(Guid.NewGuid(), kind, new TrackerSettings("https://api.github.com", "acme/api", null, false), "token",
            DateTimeOffset.UnixEpoch, (plain, _) => "protected:" + plain);
        var link = TrackerLink.Create(Guid.NewGuid(), Guid.NewGuid(), status, connection, DateTimeOffset.UnixEpoch);
        link.Created(new ExternalIssue("42", "#42", "https://github.com/acme/api/issues/42", TrackerLink.StateOf(status)), DateTimeOffset.UnixEpoch);
        link.ItemMoved(status, DateTimeOffset.UnixEpoch);
        return link;
    }
}
