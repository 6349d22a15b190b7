namespace IncidentPlatform.ServiceDefaults.Messaging;

/// <summary>
/// The broker address as Aspire passes it: an AMQP URI, <c>amqp://user:password@host:port/vhost</c>, or
/// <c>amqps://…</c> for TLS (port 5671 unless given), as managed brokers require.
/// </summary>
public sealed record RabbitMqAddress(string Host, int Port, string VirtualHost, string UserName, string Password, bool UseTls = false)
{
    public static RabbitMqAddress Parse(string connectionString)
    {
        if (!Uri.TryCreate(connectionString, UriKind.Absolute, out var uri) || uri.Scheme is not ("amqp" or "amqps"))
        {
            throw new FormatException("The messaging connection string must be an AMQP URI such as amqp://user:password@localhost:5672/vhost.");
        }

        var useTls = uri.Scheme == "amqps";
        var credentials = uri.UserInfo.Split(':', 2);
        var virtualHost = Uri.UnescapeDataString(uri.AbsolutePath.TrimStart('/'));
        return new RabbitMqAddress(
            uri.Host,
            uri.IsDefaultPort || uri.Port < 0 ? (useTls ? 5671 : 5672) : uri.Port,
            virtualHost.Length == 0 ? "/" : virtualHost,
            credentials.Length > 0 && credentials[0].Length > 0 ? Uri.UnescapeDataString(credentials[0]) : "guest",
            credentials.Length > 1 ? Uri.UnescapeDataString(credentials[1]) : "guest",
            useTls);
    }
}
