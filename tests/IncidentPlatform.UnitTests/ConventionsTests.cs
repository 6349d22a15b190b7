using System.Text.Json;
using IncidentPlatform.Contracts;
using IncidentPlatform.ServiceDefaults.Http;
using IncidentPlatform.ServiceDefaults.Messaging;
using Microsoft.AspNetCore.Http;

namespace IncidentPlatform.UnitTests;

public sealed class ConventionsTests
{
    [Theory]
    [InlineData("SEV1", Severity.Sev1)]
    [InlineData("sev2", Severity.Sev2)]
    [InlineData("P3", Severity.Sev3)]
    [InlineData(" p4 ", Severity.Sev4)]
    public void Severities_and_their_P_aliases_are_understood(string text, Severity expected)
    {
        Assert.True(SeverityNames.TryParse(text, out var severity));
        Assert.Equal(expected, severity);
    }

    [Theory]
    [InlineData("SEV5")]
    [InlineData("P0")]
    [InlineData("critical")]
    [InlineData("")]
    [InlineData(null)]
    public void Anything_else_is_not_a_severity(string? text) => Assert.False(SeverityNames.TryParse(text, out _));

    [Fact]
    public void Instants_are_written_in_UTC_whatever_offset_they_came_with()
    {
        var parsed = JsonSerializer.Deserialize<DateTimeOffset>("\"2024-03-15T16:23:00+02:00\"", JsonConventions.Default);

        Assert.Equal("\"2024-03-15T14:23:00Z\"", JsonSerializer.Serialize(parsed, JsonConventions.Default));
        Assert.Equal("\"SEV2\"", JsonSerializer.Serialize(Severity.Sev2, JsonConventions.Default));
    }

    [Fact]
    public void An_instant_without_an_offset_is_refused_rather_than_guessed() =>
        Assert.Throws<JsonException>(() => JsonSerializer.Deserialize<DateTimeOffset>("\"2024-03-15T14:23:00\"", JsonConventions.Default));

    [Fact]
    public void The_broker_address_is_read_from_an_AMQP_URI()
    {
        var address = RabbitMqAddress.Parse("amqp://platform:s%40cret@127.0.0.1:5673/test-vhost");
        var root = RabbitMqAddress.Parse("amqp://localhost/%2F");

        Assert.Equal(new RabbitMqAddress("127.0.0.1", 5673, "test-vhost", "platform", "s@cret"), address);
        Assert.Equal(new RabbitMqAddress("localhost", 5672, "/", "guest", "guest"), root);
        Assert.Throws<FormatException>(() => RabbitMqAddress.Parse("Host=localhost"));
    }

    [Fact]
    public void An_amqps_URI_means_TLS_on_port_5671_unless_another_port_is_given()
    {
        Assert.Equal(new RabbitMqAddress("mq.example.com", 5671, "prod", "app", "pw", UseTls: true), RabbitMqAddress.Parse("amqps://app:pw@mq.example.com/prod"));
        Assert.Equal(5999, RabbitMqAddress.Parse("amqps://app:pw@mq.example.com:5999/prod").Port);
    }

    [Theory]
    [InlineData("\"3\"", true)]
    [InlineData("\"2\", \"3\"", true)]
    [InlineData("*", true)]
    [InlineData("\"2\"", false)]
    public void If_Match_must_name_the_current_version(string ifMatch, bool accepted)
    {
        var context = new DefaultHttpContext();
        context.Request.Headers.IfMatch = ifMatch;

        var check = () => ETags.EnsureMatches(context.Request, currentVersion: 3);

        if (accepted)
        {
            check();
        }
        else
        {
            Assert.Equal("\"3\"", Assert.Throws<PreconditionFailedException>(check).CurrentETag);
        }
    }
}
