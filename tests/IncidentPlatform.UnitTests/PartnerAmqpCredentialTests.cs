using System.Text.RegularExpressions;
using IncidentPlatform.Contracts;
using IncidentPlatform.Notifications.Domain.PartnerAmqp;
using IncidentPlatform.ServiceDefaults.Http;

namespace IncidentPlatform.UnitTests;

public sealed class PartnerAmqpCredentialTests
{
    private static readonly Guid Org = Guid.Parse("3f0c2a1e-7b4d-4c55-9a61-0d2f5e8b9c10");
    private static readonly DateTimeOffset Now = new(2026, 12, 1, 9, 0, 0, TimeSpan.Zero);

    [Fact]
    public void A_new_credential_has_a_random_user_a_strong_url_safe_password_and_the_orgs_routing_key_prefix()
    {
        var (credential, password) = AmqpCredential.Create(Org, "  Status page  ", new PersonRef("u1", "Ana"), Now);
        var (other, otherPassword) = AmqpCredential.Create(Org, null, new PersonRef("u1", "Ana"), Now);

        Assert.Matches("^partner-[0-9a-f]{16}$", credential.UserName);
        Assert.NotEqual(credential.UserName, other.UserName);
        Assert.DoesNotContain(Org.ToString()[..8], credential.UserName);
        Assert.Matches("^[A-Za-z0-9_-]{43}$", password);
        Assert.NotEqual(password, otherPassword);
        Assert.Equal("Status page", credential.Description);
        Assert.Equal($"{Org}.", credential.RoutingKeyPrefix);
        Assert.Equal($"{credential.UserName}.", credential.QueuePrefix);
        Assert.Equal($"{Org}.com.incidentplatform.review.published.v1", PartnerExchange.RoutingKeyOf(Org, "com.incidentplatform.review.published.v1"));
    }

    [Theory]
    [InlineData("{org}.com.incidentplatform.review.published.v1", true)]
    [InlineData("{org}.#", true)]
    [InlineData("{org}.com.incidentplatform.*.*.v1", true)]
    [InlineData("#", false)]
    [InlineData("*.com.incidentplatform.review.published.v1", false)]
    [InlineData("00000000-0000-0000-0000-000000000000.#", false)]
    [InlineData("x{org}.#", false)]
    public void The_topic_permission_admits_binding_keys_of_the_org_only(string bindingKey, bool allowed)
    {
        var (credential, _) = AmqpCredential.Create(Org, null, new PersonRef("u1", "Ana"), Now);

        Assert.Equal(allowed, Regex.IsMatch(bindingKey.Replace("{org}", Org.ToString()), credential.Permissions.TopicRead));
        Assert.Equal(PartnerExchange.Name, credential.Permissions.TopicExchange);
        Assert.DoesNotMatch(credential.Permissions.TopicWrite, $"{Org}.com.incidentplatform.review.published.v1");
    }

    [Fact]
    public void Names_the_user_may_configure_write_and_read_are_its_own_queues_and_for_reading_the_partner_exchange()
    {
        var (credential, _) = AmqpCredential.Create(Org, null, new PersonRef("u1", "Ana"), Now);
        var (other, _) = AmqpCredential.Create(Org, null, new PersonRef("u1", "Ana"), Now);
        var permissions = credential.Permissions;

        foreach (var pattern in new[] { permissions.Configure, permissions.Write, permissions.Read })
        {
            Assert.Matches(pattern, $"{credential.UserName}.reviews");
            Assert.DoesNotMatch(pattern, $"{other.UserName}.reviews");
            Assert.DoesNotMatch(pattern, "notifications-partner-events");
            Assert.DoesNotMatch(pattern, "amq.topic");
            Assert.DoesNotMatch(pattern, credential.UserName);
        }

        Assert.Matches(permissions.Read, PartnerExchange.Name);
        Assert.DoesNotMatch(permissions.Read, PartnerExchange.Name + ".copy");
        Assert.DoesNotMatch(permissions.Write, PartnerExchange.Name);
        Assert.DoesNotMatch(permissions.Configure, PartnerExchange.Name);
    }

    [Fact]
    public void A_replaced_password_is_new_and_dated()
    {
        var (credential, first) = AmqpCredential.Create(Org, null, new PersonRef("u1", "Ana"), Now);

        var second = credential.ReplacePassword(Now.AddDays(30));

        Assert.NotEqual(first, second);
        Assert.Equal(Now.AddDays(30), credential.PasswordSetAt);
        Assert.Equal(Now, credential.CreatedAt);
    }

    [Fact]
    public void A_description_over_200_characters_is_a_field_error()
    {
        var error = Assert.Throws<ValidationException>(() => AmqpCredential.Create(Org, new string('x', 201), new PersonRef("u1", "Ana"), Now));
        Assert.Contains("description", error.Errors.Keys);
    }
}
