using IncidentPlatform.ServiceDefaults.Messaging;
using Microsoft.Extensions.Configuration;

namespace IncidentPlatform.UnitTests;

public sealed class MessagingSettingsTests
{
    private static IConfiguration With(string? prefetchCount) => new ConfigurationBuilder()
        .AddInMemoryCollection(prefetchCount is null ? [] : [new("Messaging:PrefetchCount", prefetchCount)])
        .Build();

    [Fact]
    public void Each_endpoint_handles_16_messages_at_once_unless_configured()
    {
        Assert.Equal(16, MessagingRegistration.PrefetchCount(With(null)));
        Assert.Equal(64, MessagingRegistration.PrefetchCount(With("64")));
        Assert.Equal(1, MessagingRegistration.PrefetchCount(With("1")));
    }

    [Theory]
    [InlineData("0")]
    [InlineData("-1")]
    [InlineData("many")]
    [InlineData("70000")]
    public void A_prefetch_count_that_is_not_a_positive_16_bit_number_stops_the_service_naming_the_setting(string value)
    {
        var refused = Assert.Throws<InvalidOperationException>(() => MessagingRegistration.PrefetchCount(With(value)));
        Assert.Contains("Messaging:PrefetchCount", refused.Message + refused.InnerException?.Message);
    }
}
