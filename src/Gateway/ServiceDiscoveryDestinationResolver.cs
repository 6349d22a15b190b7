using Microsoft.Extensions.Primitives;
using Microsoft.Extensions.ServiceDiscovery;
using Yarp.ReverseProxy.Configuration;
using Yarp.ReverseProxy.ServiceDiscovery;

namespace IncidentPlatform.Gateway;

/// <summary>
/// Turns a cluster destination such as <c>http://incidents-api</c> into the service's real endpoints using
/// Microsoft.Extensions.ServiceDiscovery. (Microsoft.Extensions.ServiceDiscovery.Yarp, which does this,
/// is not in our package feed.)
/// </summary>
internal sealed class ServiceDiscoveryDestinationResolver(ServiceEndpointResolver resolver) : IDestinationResolver
{
    public async ValueTask<ResolvedDestinationCollection> ResolveDestinationsAsync(
        IReadOnlyDictionary<string, DestinationConfig> destinations, CancellationToken cancellationToken)
    {
        var resolved = new Dictionary<string, DestinationConfig>();
        var changeTokens = new List<IChangeToken>();
        foreach (var (name, destination) in destinations)
        {
            var endpoints = await resolver.GetEndpointsAsync(destination.Address, cancellationToken);
            changeTokens.Add(endpoints.ChangeToken);
            var index = 0;
            foreach (var endpoint in endpoints.Endpoints)
            {
                var original = new Uri(destination.Address);
                var address = endpoint.EndPoint switch
                {
                    System.Net.DnsEndPoint dns => $"{original.Scheme}://{dns.Host}:{dns.Port}",
                    System.Net.IPEndPoint ip => $"{original.Scheme}://{ip}",
                    var other => other.ToString()!,
                };
                resolved[endpoints.Endpoints.Count == 1 ? name : $"{name}[{index++}]"] = destination with { Address = address };
            }
        }

        return new ResolvedDestinationCollection(resolved, new CompositeChangeToken(changeTokens));
    }
}
