using IncidentPlatform.ServiceDefaults.Persistence;
using Npgsql;

namespace IncidentPlatform.UnitTests;

/// <summary>What the platform sets on a service's connection string, and that an operator's own setting wins.</summary>
public sealed class ConnectionDefaultsTests
{
    [Fact]
    public void A_service_prepares_its_statements_does_not_reset_pooled_connections_and_keeps_a_small_pool_by_default()
    {
        var connection = new NpgsqlConnectionStringBuilder(DatabaseRegistration.WithPlatformDefaults("Host=db;Database=incidents;Username=platform;Password=p"));

        Assert.Equal(50, connection.MaxAutoPrepare);
        Assert.True(connection.NoResetOnClose);
        Assert.Equal(DatabaseRegistration.DefaultMaxPoolSize, connection.MaxPoolSize);
        Assert.Equal("db", connection.Host);
        Assert.Equal("p", connection.Password);
    }

    [Theory]
    [InlineData("Host=db;Max Auto Prepare=0;No Reset On Close=false;Maximum Pool Size=100")]
    [InlineData("Host=db;MaxAutoPrepare=0;NoResetOnClose=false;MaxPoolSize=100")]
    [InlineData("Host=db;maxautoprepare=0;noresetonclose=false;maximum pool size=100")]
    public void Settings_the_connection_string_gives_are_kept(string given)
    {
        var connection = new NpgsqlConnectionStringBuilder(DatabaseRegistration.WithPlatformDefaults(given));

        Assert.Equal(0, connection.MaxAutoPrepare);
        Assert.False(connection.NoResetOnClose);
        Assert.Equal(100, connection.MaxPoolSize);
    }
}
