using System.Security.Cryptography;
using System.Text.RegularExpressions;
using IncidentPlatform.Contracts;
using IncidentPlatform.ServiceDefaults.Http;
using IncidentPlatform.ServiceDefaults.Persistence;

namespace IncidentPlatform.Notifications.Domain.PartnerAmqp;

/// <summary>
/// A partner's login to the partner exchange on the platform's RabbitMQ: a broker user of its own that can bind
/// queues named with its prefix to <see cref="PartnerExchange.Name"/> for its org's routing keys only, and read
/// them. The password is shown once (RabbitMQ keeps only its hash); a lost one is replaced by a new one.
/// </summary>
public sealed class AmqpCredential : IOrgOwned, IHasTimeOrderedId
{
    public const int MaxDescriptionLength = 200;

    /// <summary>How many an org may hold at once: one per partner system, with room for a rotation by replacement.</summary>
    public const int MaxPerOrg = 20;

    private const string UserNamePrefix = "partner-";

    private AmqpCredential()
    {
    }

    public Guid Id { get; private set; }

    public Guid OrgId { get; private set; }

    /// <summary>The broker user, <c>partner-</c> and 16 random hex digits: unique on the broker, and no hint of the org.</summary>
    public string UserName { get; private set; } = "";

    public string Description { get; private set; } = "";

    public PersonRef CreatedBy { get; private set; } = new("", "");

    public DateTimeOffset CreatedAt { get; private set; }

    public DateTimeOffset PasswordSetAt { get; private set; }

    /// <summary>What queues of this user must start with (and all it may create, bind or read besides the exchange).</summary>
    public string QueuePrefix => $"{UserName}.";

    public string RoutingKeyPrefix => PartnerExchange.RoutingKeyPrefixOf(OrgId);

    /// <summary>
    /// The user's rights on the partner virtual host. RabbitMQ checks configure/write/read against the names of
    /// queues and exchanges, and the topic permission against the binding key of a bind to the partner exchange,
    /// so the user can bind its own queues to its org's events and nothing else: not another org's routing keys,
    /// not <c>#</c>, not another user's queues, and it cannot publish.
    /// </summary>
    public BrokerPermissions Permissions
    {
        get
        {
            var ownNames = $"^{Regex.Escape(QueuePrefix)}";
            return new BrokerPermissions(
                Configure: ownNames,
                Write: ownNames,
                Read: $"^({Regex.Escape(PartnerExchange.Name)}$|{Regex.Escape(QueuePrefix)})",
                TopicExchange: PartnerExchange.Name,
                TopicRead: $"^{Regex.Escape(RoutingKeyPrefix)}",
                TopicWrite: "^$");
        }
    }

    /// <summary>Creates the credential and its first password; the plain password is returned once, to show once.</summary>
    public static (AmqpCredential Credential, string Password) Create(Guid orgId, string? description, PersonRef createdBy, DateTimeOffset now)
    {
        var credential = new AmqpCredential
        {
            Id = Guid.CreateVersion7(now),
            OrgId = orgId,
            UserName = UserNamePrefix + Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(8)),
            Description = ValidDescription(description),
            CreatedBy = createdBy,
            CreatedAt = now,
            PasswordSetAt = now,
        };
        return (credential, NewPassword());
    }

    /// <summary>A new password replaces the old one at once (RabbitMQ holds one per user); the plain one is returned once.</summary>
    public string ReplacePassword(DateTimeOffset now)
    {
        PasswordSetAt = now;
        return NewPassword();
    }

    public static string ValidDescription(string? description)
    {
        var text = description?.Trim() ?? "";
        return text.Length <= MaxDescriptionLength
            ? text
            : throw new ValidationException("description", $"At most {MaxDescriptionLength} characters ({text.Length} given).");
    }

    // 256 random bits, URL-safe so it can go into an amqps:// URI unescaped.
    private static string NewPassword() =>
        Convert.ToBase64String(RandomNumberGenerator.GetBytes(32)).TrimEnd('=').Replace('+', '-').Replace('/', '_');
}

/// <summary>A broker user's permissions on one virtual host, as RabbitMQ's management API takes them (regular expressions).</summary>
public sealed record BrokerPermissions(string Configure, string Write, string Read, string TopicExchange, string TopicRead, string TopicWrite);

/// <summary>
/// The topic exchange on which partners receive the same CloudEvents as webhooks, with routing key
/// <c>{orgId}.{type}</c>, e.g. <c>3f0c…-….com.incidentplatform.review.published.v1</c>.
/// </summary>
public static class PartnerExchange
{
    public const string Name = "incidentplatform.events";

    public static string RoutingKeyPrefixOf(Guid orgId) => $"{orgId:D}.";

    public static string RoutingKeyOf(Guid orgId, string eventType) => RoutingKeyPrefixOf(orgId) + eventType;
}
