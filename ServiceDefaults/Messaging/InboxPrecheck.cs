using MassTransit;
using Microsoft.Extensions.DependencyInjection;

namespace IncidentPlatform.ServiceDefaults.Messaging;

/// <summary>
/// A consumer that can tell from one cheap read that a message leaves it nothing to do. The inbox asks before it opens
/// its transaction, with the message's org set; on "no work" the message is acknowledged with no transaction, no inbox
/// row and no call to the consumer. For consumers most of whose messages are no-ops (partner events of orgs without
/// partners): a transaction, a claim and a rollback per event on every such queue were most of their cost.
/// </summary>
/// <remarks>
/// Answer false only when consuming the message now would change nothing and send nothing, so that acknowledging it is
/// what the consumer would have done. A redelivery asks again; the consumer must still cope with finding nothing to do
/// after a "yes" (what it read may have changed since).
/// </remarks>
public interface IInboxPrecheck<in TMessage> where TMessage : class
{
    Task<bool> HasWorkAsync(TMessage message, CancellationToken cancellationToken);
}

/// <summary>Which receive endpoint's consumer has a precheck, found among the registered consumers at start-up.</summary>
internal sealed class InboxPrechecks
{
    private readonly Dictionary<string, Type> _consumerByEndpoint;

    private InboxPrechecks(Dictionary<string, Type> consumerByEndpoint) => _consumerByEndpoint = consumerByEndpoint;

    public Type? ConsumerOf(string endpointName) => _consumerByEndpoint.GetValueOrDefault(endpointName);

    /// <summary>Every consumer (one per endpoint, named by the formatter) that implements <see cref="IInboxPrecheck{TMessage}"/>.</summary>
    public static InboxPrechecks Find(IServiceCollection services, IEndpointNameFormatter formatter)
    {
        var consumerName = typeof(IEndpointNameFormatter).GetMethod(nameof(IEndpointNameFormatter.Consumer))!;
        var consumerByEndpoint = services
            .Select(descriptor => descriptor.ServiceType)
            .Where(type => type.IsClass && !type.IsAbstract && typeof(IConsumer).IsAssignableFrom(type) && ImplementsPrecheck(type))
            .Distinct()
            .ToDictionary(type => (string)consumerName.MakeGenericMethod(type).Invoke(formatter, null)!, type => type);
        return new InboxPrechecks(consumerByEndpoint);
    }

    private static bool ImplementsPrecheck(Type consumerType) =>
        consumerType.GetInterfaces().Any(i => i.IsGenericType && i.GetGenericTypeDefinition() == typeof(IInboxPrecheck<>));
}
