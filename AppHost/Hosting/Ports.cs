using System.Net;
using System.Net.Sockets;

namespace IncidentPlatform.AppHost.Hosting;

internal static class Ports
{
    /// <summary>A port nothing listens on now (the OS picks it).</summary>
    public static int GetFree()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    /// <summary>Fails with a one-line fix when a fixed port is taken.</summary>
    public static void EnsureFree(int port, string resource, string option)
    {
        try
        {
            using var listener = new TcpListener(IPAddress.Loopback, port);
            listener.Start();
        }
        catch (SocketException)
        {
            throw new PlatformStartException(
                $"Port {port} for {resource} is already in use: stop what listens there (ss -ltnp 'sport = :{port}') or pick another port with {option} <port>.");
        }
    }
}
