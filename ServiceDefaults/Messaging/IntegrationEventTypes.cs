using System.Collections.Frozen;
using IncidentPlatform.Contracts;

namespace IncidentPlatform.ServiceDefaults.Messaging;

/// <summary>Resolves the type names stored in the outbox to the event records of the Contracts assembly.</summary>
internal static class IntegrationEventTypes
{
    private static readonly FrozenDictionary<string, Type> ByName = typeof(IIntegrationEvent).Assembly.GetTypes()
        .Where(type => type is { IsClass: true, IsAbstract: false } && typeof(IIntegrationEvent).IsAssignableFrom(type))
        .ToFrozenDictionary(type => type.FullName!, StringComparer.Ordinal);

    /// <summary>Every integration event type name this build knows.</summary>
    public static string[] Names { get; } = [.. ByName.Keys];

    public static Type Resolve(string name) =>
        ByName.TryGetValue(name, out var type)
            ? type
            : throw new InvalidOperationException($"'{name}' is not an integration event of the Contracts assembly.");
}
