using System.Net;
using System.Net.Sockets;

namespace IncidentPlatform.AppHost.Hosting;

internal static class Ports
{
    private static readonly Lock Gate = new();
    private static readonly HashSet<int> HandedOut = [];

    /// <summary>
    /// A port nothing listens on now, below the kernel's ephemeral range: the OS hands ports in that range to
    /// outgoing connections, which could take a port we picked before our process binds it (or while a broker
    /// we stopped is down, before it restarts on the same port).
    /// </summary>
    public static int GetFree()
    {
        var (first, last) = PickableRange();
        lock (Gate)
        {
            for (var attempt = 0; attempt < 200; attempt++)
            {
                var port = Random.Shared.Next(first, last + 1);
                if (!HandedOut.Contains(port) && IsFree(port))
                {
                    HandedOut.Add(port);
                    return port;
                }
            }
        }

        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    /// <summary>10000 up to the start of the ephemeral range (<c>ip_local_port_range</c>; 32768 by default).</summary>
    private static (int First, int Last) PickableRange()
    {
        const int first = 10000;
        var ephemeralStart = 32768;
        try
        {
            var range = File.ReadAllText("/proc/sys/net/ipv4/ip_local_port_range").Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries);
            if (range.Length == 2 && int.TryParse(range[0], out var start))
            {
                ephemeralStart = start;
            }
        }
        catch (IOException)
        {
        }
        catch (UnauthorizedAccessException)
        {
        }

        return ephemeralStart - 1 > first + 1000 ? (first, ephemeralStart - 1) : (first, 30000);
    }

    private static bool IsFree(int port)
    {
        try
        {
            using var listener = new TcpListener(IPAddress.Loopback, port);
            listener.Start();
            return true;
        }
        catch (SocketException)
        {
            return false;
        }
    }

    /// <summary>Fails with a one-line fix when a fixed port is taken.</summary>
    public static void EnsureFree(int port, string resource, string option)
    {
        if (!IsFree(port))
        {
            throw new PlatformStartException(
                $"Port {port} for {resource} is already in use: stop what listens there (ss -ltnp 'sport = :{port}') or pick another port with {option} <port>.");
        }
    }
}
