using System.Globalization;
using System.Net;
using System.Net.Sockets;
using Microsoft.Extensions.Options;

namespace IncidentPlatform.Notifications.Infrastructure.Webhooks;

/// <summary>
/// Keeps partner webhooks from reaching what they must not (SSRF): the platform's own hosts, private networks,
/// link-local addresses and cloud metadata endpoints. A URL is checked when registered; the address a delivery
/// actually connects to is checked after DNS resolution, on every connection — so also on every redirect hop, and a
/// name that later resolves to a private address (DNS rebinding) is refused too.
/// </summary>
public sealed partial class WebhookAddressGuard
{
    private static readonly IPNetwork[] BlockedNetworks =
    [
        IPNetwork.Parse("0.0.0.0/8"),         // "this network"
        IPNetwork.Parse("10.0.0.0/8"),        // private
        IPNetwork.Parse("100.64.0.0/10"),     // carrier-grade NAT
        IPNetwork.Parse("127.0.0.0/8"),       // loopback
        IPNetwork.Parse("169.254.0.0/16"),    // link-local, cloud metadata (169.254.169.254)
        IPNetwork.Parse("172.16.0.0/12"),     // private
        IPNetwork.Parse("192.0.0.0/24"),      // IETF protocol assignments
        IPNetwork.Parse("192.0.2.0/24"),      // documentation
        IPNetwork.Parse("192.168.0.0/16"),    // private
        IPNetwork.Parse("198.18.0.0/15"),     // benchmarking
        IPNetwork.Parse("198.51.100.0/24"),   // documentation
        IPNetwork.Parse("203.0.113.0/24"),    // documentation
        IPNetwork.Parse("224.0.0.0/4"),       // multicast
        IPNetwork.Parse("240.0.0.0/4"),       // reserved, broadcast
        IPNetwork.Parse("::/128"),            // unspecified
        IPNetwork.Parse("::1/128"),           // loopback
        IPNetwork.Parse("::/96"),             // IPv4-compatible (deprecated; ::a.b.c.d embeds an IPv4 address)
        IPNetwork.Parse("64:ff9b::/96"),      // NAT64 (reaches IPv4 addresses)
        IPNetwork.Parse("64:ff9b:1::/48"),    // local-use NAT64
        IPNetwork.Parse("100::/64"),          // discard-only
        IPNetwork.Parse("2001::/32"),         // Teredo (embeds an IPv4 address)
        IPNetwork.Parse("2001:db8::/32"),     // documentation
        IPNetwork.Parse("2002::/16"),         // 6to4 (embeds an IPv4 address)
        IPNetwork.Parse("fc00::/7"),          // unique local, incl. AWS metadata fd00:ec2::254
        IPNetwork.Parse("fe80::/10"),         // link-local
        IPNetwork.Parse("fec0::/10"),         // site-local (deprecated, still private where used)
        IPNetwork.Parse("ff00::/8"),          // multicast
    ];

    private static readonly string[] BlockedHostSuffixes = ["localhost", ".localhost", ".local", ".internal", ".cluster.local"];

    private readonly List<(IPNetwork Network, int? Port)> _allowed;
    private readonly bool _requireHttps;
    private readonly HostAddressLookup _lookUp;
    private readonly ILogger<WebhookAddressGuard> _logger;

    /// <param name="lookUp">How host names are resolved; DNS unless a test stands in for it.</param>
    public WebhookAddressGuard(
        IOptions<WebhookOptions> options, IHostEnvironment environment, ILogger<WebhookAddressGuard> logger, HostAddressLookup? lookUp = null)
    {
        _requireHttps = options.Value.RequireHttps ?? !environment.IsDevelopment();
        _allowed = [.. options.Value.AllowedPrivateDestinations.Select(ParseAllowed)];
        _lookUp = lookUp ?? Dns.GetHostAddressesAsync;
        _logger = logger;
    }

    public bool RequireHttps => _requireHttps;

    /// <summary>Why a URL may not be registered (or followed as a redirect), or null when it may.</summary>
    public async Task<string?> CheckUrlAsync(string? url, CancellationToken cancellationToken) =>
        (await CheckAsync(url, cancellationToken))?.Reason;

    /// <summary>
    /// <see cref="CheckUrlAsync"/> for a URL an org asks the platform to call (a webhook endpoint, a chat webhook): a
    /// refused destination is an SSRF attempt until shown otherwise, so it is logged with the org and the host.
    /// </summary>
    public async Task<string?> CheckRegistrationAsync(string? url, Guid orgId, string field, CancellationToken cancellationToken)
    {
        var refusal = await CheckAsync(url, cancellationToken);
        if (refusal is { Host: { } host })
        {
            LogRegistrationRefused(orgId, field, host, refusal.Reason);
        }

        return refusal?.Reason;
    }

    /// <summary>Why a URL is refused; <paramref name="Host"/> is set when its destination is (not its form).</summary>
    private sealed record Refusal(string Reason, string? Host = null);

    private async Task<Refusal?> CheckAsync(string? url, CancellationToken cancellationToken)
    {
        if (!Uri.TryCreate(url, UriKind.Absolute, out var uri) || uri.Scheme is not ("https" or "http"))
        {
            return new("Give an absolute https URL, e.g. https://partner.example.com/hooks/incidentplatform.");
        }

        if (uri.Scheme == "http" && _requireHttps)
        {
            return new("Only https URLs are accepted.");
        }

        if (!string.IsNullOrEmpty(uri.UserInfo))
        {
            return new("A URL cannot carry credentials; authenticate deliveries by verifying their signature.");
        }

        if (!string.IsNullOrEmpty(uri.Fragment))
        {
            return new("A URL cannot have a fragment (#…).");
        }

        if (url!.Length > 2000)
        {
            return new("The URL can be at most 2000 characters.");
        }

        var host = uri.IdnHost;
        if (IPAddress.TryParse(host, out var literal))
        {
            return BlockedReason(literal, uri.Port) is { } blocked ? new(blocked, host) : null;
        }

        if (BlockedHostSuffixes.Any(suffix => host.Equals(suffix.TrimStart('.'), StringComparison.OrdinalIgnoreCase)
                || host.EndsWith(suffix, StringComparison.OrdinalIgnoreCase))
            && !IsAllowedName(host, uri.Port))
        {
            return new($"{host} names an internal host; webhooks can only reach public addresses.", host);
        }

        // A name that does not resolve (yet) is accepted: it is checked again on every connection.
        IPAddress[] addresses;
        try
        {
            addresses = await _lookUp(host, cancellationToken);
        }
        catch (SocketException)
        {
            return null;
        }

        return addresses.Length > 0 && addresses.All(address => BlockedReason(address, uri.Port) is not null)
            ? new(BlockedReason(addresses[0], uri.Port)!, host)
            : null;
    }

    /// <summary>Why <paramref name="address"/> may not be reached, or null when it may.</summary>
    public string? BlockedReason(IPAddress address, int port)
    {
        var normalized = address.IsIPv4MappedToIPv6 ? address.MapToIPv4() : address;
        if (_allowed.Any(allowed => allowed.Network.Contains(normalized) && (allowed.Port is null || allowed.Port == port)))
        {
            return null;
        }

        return BlockedNetworks.Where(network => network.Contains(normalized)).Select(network => (IPNetwork?)network).FirstOrDefault() is { } blocked
            ? $"{normalized} is a private, loopback, link-local or reserved address ({blocked}); webhooks can only reach public addresses."
            : null;
    }

    /// <summary>
    /// The connection step of the webhook HTTP client: resolves the host, refuses blocked addresses, and connects to an
    /// allowed one — the very address that was checked, so DNS cannot answer differently between check and connect.
    /// </summary>
    public async ValueTask<Stream> ConnectAsync(SocketsHttpConnectionContext context, CancellationToken cancellationToken)
    {
        var host = context.DnsEndPoint.Host;
        var port = context.DnsEndPoint.Port;
        var addresses = IPAddress.TryParse(host, out var literal) ? [literal] : await _lookUp(host, cancellationToken);
        var allowed = addresses.FirstOrDefault(address => BlockedReason(address, port) is null);
        if (allowed is null)
        {
            throw new WebhookDestinationBlockedException(addresses.Length == 0
                ? $"{host} does not resolve to any address."
                : $"{host}:{port.ToString(CultureInfo.InvariantCulture)} resolves to {BlockedReason(addresses[0], port)}");
        }

        var socket = new Socket(allowed.AddressFamily, SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
        try
        {
            await socket.ConnectAsync(new IPEndPoint(allowed, port), cancellationToken);
            return new NetworkStream(socket, ownsSocket: true);
        }
        catch
        {
            socket.Dispose();
            throw;
        }
    }

    /// <summary>
    /// An HTTP handler whose every connection goes through <see cref="ConnectAsync"/>: no redirects followed (the caller
    /// decides, checking each hop), no proxy (a proxy would connect on our behalf, past the check), no decompression.
    /// </summary>
    public SocketsHttpHandler CreateGuardedHandler() => new()
    {
        AllowAutoRedirect = false,
        UseProxy = false,
        ConnectCallback = ConnectAsync,
        PooledConnectionLifetime = TimeSpan.FromMinutes(2),
        AutomaticDecompression = DecompressionMethods.None,
    };

    [LoggerMessage(LogLevel.Warning, "SSRF guard refused the {Field} URL of a user of org {OrgId}, to {Host}: {Reason}")]
    private partial void LogRegistrationRefused(Guid orgId, string field, string host, string reason);

    private bool IsAllowedName(string host, int port) =>
        host.Equals("localhost", StringComparison.OrdinalIgnoreCase) && BlockedReason(IPAddress.Loopback, port) is null;

    private static (IPNetwork Network, int? Port) ParseAllowed(string entry)
    {
        if (IPEndPoint.TryParse(entry, out var endPoint) && endPoint.Port != 0 && entry.Contains(':', StringComparison.Ordinal)
            && (entry.StartsWith('[') || endPoint.AddressFamily == AddressFamily.InterNetwork))
        {
            return (new IPNetwork(endPoint.Address, endPoint.AddressFamily == AddressFamily.InterNetwork ? 32 : 128), endPoint.Port);
        }

        if (IPAddress.TryParse(entry, out var address))
        {
            return (new IPNetwork(address, address.AddressFamily == AddressFamily.InterNetwork ? 32 : 128), null);
        }

        return IPNetwork.TryParse(entry, out var network)
            ? (network, null)
            : throw new InvalidOperationException(
                $"{WebhookOptions.SectionName}:AllowedPrivateDestinations entry '{entry}' is not an address, address:port or CIDR network.");
    }
}

/// <summary>Resolves a host name to its addresses, as <see cref="Dns.GetHostAddressesAsync(string, CancellationToken)"/> does.</summary>
public delegate Task<IPAddress[]> HostAddressLookup(string host, CancellationToken cancellationToken);

/// <summary>A delivery's destination is an address webhooks may not reach.</summary>
public sealed class WebhookDestinationBlockedException(string message) : Exception(message);
