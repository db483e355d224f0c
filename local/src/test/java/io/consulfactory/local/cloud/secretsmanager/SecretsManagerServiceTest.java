package io.consulfactory.local.cloud.secretsmanager;

import io.consulfactory.aws.AwsClients;
import io.consulfactory.local.LocalAwsExtension;
import io.consulfactory.local.cloud.Call;
import io.consulfactory.local.cloud.LocalAws;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.services.secretsmanager.SecretsManagerClient;
import software.amazon.awssdk.services.secretsmanager.model.CreateSecretResponse;
import software.amazon.awssdk.services.secretsmanager.model.DeleteSecretResponse;
import software.amazon.awssdk.services.secretsmanager.model.DescribeSecretResponse;
import software.amazon.awssdk.services.secretsmanager.model.Filter;
import software.amazon.awssdk.services.secretsmanager.model.FilterNameStringType;
import software.amazon.awssdk.services.secretsmanager.model.GetSecretValueResponse;
import software.amazon.awssdk.services.secretsmanager.model.InvalidNextTokenException;
import software.amazon.awssdk.services.secretsmanager.model.InvalidParameterException;
import software.amazon.awssdk.services.secretsmanager.model.InvalidRequestException;
import software.amazon.awssdk.services.secretsmanager.model.LimitExceededException;
import software.amazon.awssdk.services.secretsmanager.model.PutSecretValueResponse;
import software.amazon.awssdk.services.secretsmanager.model.ResourceExistsException;
import software.amazon.awssdk.services.secretsmanager.model.ResourceNotFoundException;
import software.amazon.awssdk.services.secretsmanager.model.SecretListEntry;
import software.amazon.awssdk.services.secretsmanager.model.SecretsManagerException;
import software.amazon.awssdk.services.secretsmanager.model.Tag;

import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.Consumer;
import java.util.stream.Collectors;
import java.util.stream.IntStream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The real SDK client against the local Secrets Manager: each operation, and the errors AWS answers with. */
@ExtendWith(LocalAwsExtension.class)
class SecretsManagerServiceTest {

    private static final String CLIENT = "consul-cluster-factory/dc1/client";
    private static final String SERVER = "consul-cluster-factory/dc1/server";
    private static final String GOSSIP = "{\"gossip_key\":\"c2VjcmV0\",\"ca_cert\":\"-----BEGIN CERTIFICATE-----\"}";

    private final SecretsManagerClient sm = client();

    private static SecretsManagerClient client() {
        LocalAwsExtension.localAws();
        return AwsClients.secretsManager();
    }

    private CreateSecretResponse create(String name, String value) {
        return sm.createSecret(r -> r.name(name).secretString(value));
    }

    @Test
    void createsASecretAndReadsItsCurrentValueByNameArnAndPartialArn(LocalAws aws) {
        CreateSecretResponse created = sm.createSecret(r -> r.name(CLIENT).secretString(GOSSIP)
                .description("gossip key and CA of dc1")
                .tags(Tag.builder().key("consul-cluster").value("dc1").build(),
                        Tag.builder().key("managed-by").value("consul-cluster-factory").build()));

        assertTrue(created.arn().matches("arn:aws:secretsmanager:us-east-1:123456789012:secret:"
                + "consul-cluster-factory/dc1/client-[A-Za-z0-9]{6}"), created.arn());
        assertEquals(CLIENT, created.name());
        UUID.fromString(created.versionId()); // the SDK's ClientRequestToken: a UUID, now the version's id
        String partialArn = created.arn().substring(0, created.arn().length() - 7);
        for (String id : List.of(CLIENT, created.arn(), partialArn)) {
            GetSecretValueResponse value = sm.getSecretValue(r -> r.secretId(id));
            assertEquals(GOSSIP, value.secretString(), id);
            assertEquals(created.arn(), value.arn(), id);
            assertEquals(CLIENT, value.name(), id);
            assertEquals(created.versionId(), value.versionId(), id);
            assertEquals(List.of("AWSCURRENT"), value.versionStages(), id);
            assertNull(value.secretBinary(), id);
            assertEquals(aws.clock().now().truncatedTo(ChronoUnit.MILLIS), value.createdDate(), id);
        }
        assertEquals(GOSSIP, aws.secretsManager().currentSecretString(CLIENT).orElseThrow());
        assertEquals(GOSSIP, aws.secretsManager().currentSecretString(created.arn()).orElseThrow());
        assertTrue(aws.secretsManager().currentSecretString(SERVER).isEmpty());
        assertThrows(ResourceNotFoundException.class, () -> sm.getSecretValue(r -> r.secretId(created.arn() + "x")));
    }

    @Test
    void describeShowsTheSecretWithoutItsValueAndOmitsTheAwsManagedKey(LocalAws aws) {
        Instant created = aws.clock().now().truncatedTo(ChronoUnit.MILLIS);
        String arn = sm.createSecret(r -> r.name(CLIENT).secretString(GOSSIP).description("dc1 client material")
                .tags(Tag.builder().key("consul-cluster").value("dc1").build())).arn();
        String customerKey = "arn:aws:kms:us-east-1:123456789012:key/1234abcd-12ab-34cd-56ef-1234567890ab";
        sm.createSecret(r -> r.name(SERVER).secretString("{}").kmsKeyId(customerKey));
        aws.clock().advance(Duration.ofHours(30));
        sm.getSecretValue(r -> r.secretId(CLIENT));

        DescribeSecretResponse client = sm.describeSecret(r -> r.secretId(CLIENT));
        assertEquals(arn, client.arn());
        assertEquals("dc1 client material", client.description());
        assertNull(client.kmsKeyId(), "AWS omits KmsKeyId for the AWS managed key aws/secretsmanager");
        assertEquals(Secret.AWS_MANAGED_KEY, aws.secretsManager().secret(CLIENT).orElseThrow().kmsKeyId());
        assertEquals(Map.of("consul-cluster", "dc1"), tags(client.tags()));
        assertEquals(created, client.createdDate());
        assertEquals(created, client.lastChangedDate());
        assertEquals(aws.clock().now().truncatedTo(ChronoUnit.DAYS), client.lastAccessedDate(), "a date, no time");
        assertNull(client.deletedDate());
        assertEquals(1, client.versionIdsToStages().size());
        assertEquals(List.of("AWSCURRENT"), client.versionIdsToStages().values().iterator().next());

        DescribeSecretResponse server = sm.describeSecret(r -> r.secretId(SERVER));
        assertEquals(customerKey, server.kmsKeyId());
        assertNull(server.lastAccessedDate(), "never read");
        assertFalse(server.hasTags(), "no Tags member without tags");
    }

    @Test
    void aCreateRetriedWithTheSameTokenAndValueReturnsTheSameVersion(LocalAws aws) {
        String token = UUID.randomUUID().toString();
        CreateSecretResponse first = sm.createSecret(r -> r.name(CLIENT).secretString(GOSSIP).clientRequestToken(token));

        CreateSecretResponse retry = sm.createSecret(r -> r.name(CLIENT).secretString(GOSSIP).clientRequestToken(token));

        assertEquals(first.arn(), retry.arn());
        assertEquals(token, retry.versionId());
        assertEquals(1, aws.secretsManager().secret(CLIENT).orElseThrow().versions().size());
        ResourceExistsException changed = assertThrows(ResourceExistsException.class, () ->
                sm.createSecret(r -> r.name(CLIENT).secretString("{}").clientRequestToken(token)));
        assertEquals(400, changed.statusCode());
        ResourceExistsException again = assertThrows(ResourceExistsException.class, () -> create(CLIENT, GOSSIP));
        assertEquals("The operation failed because the secret " + CLIENT + " already exists.",
                again.awsErrorDetails().errorMessage());
    }

    @Test
    void putSecretValueMovesAwsCurrentAndLeavesAwsPreviousOnTheVersionBefore(LocalAws aws) {
        String v1 = create(SERVER, "one").versionId();
        aws.clock().advance(Duration.ofMinutes(1));
        PutSecretValueResponse put2 = sm.putSecretValue(r -> r.secretId(SERVER).secretString("two"));
        assertEquals(List.of("AWSCURRENT"), put2.versionStages());
        String v3Token = UUID.randomUUID().toString();
        String v3 = sm.putSecretValue(r -> r.secretId(SERVER).secretString("three").clientRequestToken(v3Token)).versionId();
        assertEquals(v3Token, v3);

        assertEquals("three", sm.getSecretValue(r -> r.secretId(SERVER)).secretString());
        GetSecretValueResponse previous = sm.getSecretValue(r -> r.secretId(SERVER).versionStage("AWSPREVIOUS"));
        assertEquals("two", previous.secretString());
        assertEquals(put2.versionId(), previous.versionId());
        assertEquals("one", sm.getSecretValue(r -> r.secretId(SERVER).versionId(v1)).secretString(),
                "a version without labels is still there (deprecated)");
        assertEquals(Map.of(v3, List.of("AWSCURRENT"), put2.versionId(), List.of("AWSPREVIOUS")),
                sm.describeSecret(r -> r.secretId(SERVER)).versionIdsToStages(), "only labelled versions are listed");
        assertEquals("three", aws.secretsManager().currentSecretString(SERVER).orElseThrow());

        // A retry with the same token and value changes nothing; with another value it is refused.
        assertEquals(v3, sm.putSecretValue(r -> r.secretId(SERVER).secretString("three").clientRequestToken(v3Token)).versionId());
        assertEquals(3, aws.secretsManager().secret(SERVER).orElseThrow().versions().size());
        assertThrows(ResourceExistsException.class, () ->
                sm.putSecretValue(r -> r.secretId(SERVER).secretString("four").clientRequestToken(v3Token)));

        assertThrows(InvalidRequestException.class, () ->
                sm.getSecretValue(r -> r.secretId(SERVER).versionId(v1).versionStage("AWSCURRENT")));
        ResourceNotFoundException noVersion = assertThrows(ResourceNotFoundException.class, () ->
                sm.getSecretValue(r -> r.secretId(SERVER).versionId(UUID.randomUUID().toString())));
        assertTrue(noVersion.awsErrorDetails().errorMessage().contains("VersionId"), noVersion.getMessage());
        assertThrows(ResourceNotFoundException.class, () -> sm.getSecretValue(r -> r.secretId(SERVER).versionStage("AWSPENDING")));
    }

    @Test
    void aBinarySecretTravelsBase64AndASecretWithoutValueHasNoCurrentVersion(LocalAws aws) {
        byte[] key = {0, 1, 2, (byte) 0xff};
        sm.createSecret(r -> r.name("binary").secretBinary(SdkBytes.fromByteArray(key)));
        assertEquals(SdkBytes.fromByteArray(key), sm.getSecretValue(r -> r.secretId("binary")).secretBinary());
        assertTrue(aws.secretsManager().currentSecretString("binary").isEmpty(), "binary: no SecretString");

        CreateSecretResponse empty = sm.createSecret(r -> r.name("empty"));
        assertNull(empty.versionId(), "no value, no version");
        ResourceNotFoundException none = assertThrows(ResourceNotFoundException.class,
                () -> sm.getSecretValue(r -> r.secretId("empty")));
        assertEquals("Secrets Manager can't find the specified secret value for staging label: AWSCURRENT",
                none.awsErrorDetails().errorMessage());
        assertEquals(List.of("AWSCURRENT"), sm.putSecretValue(r -> r.secretId("empty").secretString("now")).versionStages(),
                "the first version gets AWSCURRENT");
        assertEquals("now", sm.getSecretValue(r -> r.secretId("empty")).secretString());
    }

    @Test
    void refusesWhatAwsRefuses() {
        assertError("ValidationException", () -> create("bad name!", "x"));
        assertError("ValidationException", () -> create("a".repeat(513), "x"));
        create("a".repeat(512), "the longest name");
        // 65,536 bytes is the quota; a two-byte character makes 32,769 characters too long.
        create("big", "x".repeat(65536));
        assertError("ValidationException", () -> create("too-big", "é".repeat(32769)));
        assertError("ValidationException", () -> sm.createSecret(r -> r.name("short-token").secretString("x")
                .clientRequestToken("too-short")));
        assertThrows(InvalidParameterException.class, () -> sm.createSecret(r -> r.name("both").secretString("x")
                .secretBinary(SdkBytes.fromUtf8String("x"))));
        create(CLIENT, GOSSIP);
        assertThrows(InvalidParameterException.class, () -> sm.putSecretValue(r -> r.secretId(CLIENT)));
        assertThrows(InvalidParameterException.class, () -> sm.putSecretValue(r -> r.secretId(CLIENT).secretString("x")
                .secretBinary(SdkBytes.fromUtf8String("x"))));
    }

    @Test
    void anUnknownSecretIsNotFoundByEveryOperation() {
        List<Consumer<String>> calls = List.of(
                id -> sm.getSecretValue(r -> r.secretId(id)),
                id -> sm.describeSecret(r -> r.secretId(id)),
                id -> sm.putSecretValue(r -> r.secretId(id).secretString("x")),
                id -> sm.tagResource(r -> r.secretId(id).tags(Tag.builder().key("k").value("v").build())),
                id -> sm.untagResource(r -> r.secretId(id).tagKeys("k")),
                id -> sm.deleteSecret(r -> r.secretId(id)),
                id -> sm.restoreSecret(r -> r.secretId(id)));
        for (Consumer<String> call : calls) {
            ResourceNotFoundException e = assertThrows(ResourceNotFoundException.class, () -> call.accept(SERVER));
            assertEquals("Secrets Manager can't find the specified secret.", e.awsErrorDetails().errorMessage());
            assertEquals(400, e.statusCode());
        }
    }

    @Test
    void listSecretsFiltersByNameAndTagsAndPages() {
        for (String cluster : List.of("dc1", "dc2", "dc3")) {
            for (String kind : List.of("client", "server")) {
                sm.createSecret(r -> r.name("consul-cluster-factory/" + cluster + "/" + kind).secretString("{}")
                        .tags(Tag.builder().key("consul-cluster").value(cluster).build()));
            }
        }
        sm.createSecret(r -> r.name("other").secretString("x").description("Not The factory's"));

        assertEquals(7, names(List.of()).size());
        assertEquals(List.of("consul-cluster-factory/dc2/client", "consul-cluster-factory/dc2/server"),
                names(List.of(filter(FilterNameStringType.NAME, "consul-cluster-factory/dc2/"))));
        assertEquals(List.of(), names(List.of(filter(FilterNameStringType.NAME, "Consul"))), "name is case-sensitive");
        assertEquals(6, names(List.of(filter(FilterNameStringType.TAG_KEY, "consul-"))).size());
        assertEquals(List.of("consul-cluster-factory/dc3/client", "consul-cluster-factory/dc3/server"),
                names(List.of(filter(FilterNameStringType.TAG_KEY, "consul-cluster"), filter(FilterNameStringType.TAG_VALUE, "dc3"))));
        assertEquals(4, names(List.of(filter(FilterNameStringType.TAG_VALUE, "dc1", "dc2"))).size(), "values: any of");
        assertEquals(List.of("consul-cluster-factory/dc1/client", "consul-cluster-factory/dc2/client",
                        "consul-cluster-factory/dc3/client", "other"),
                names(List.of(filter(FilterNameStringType.NAME, "!consul-cluster-factory/dc1/s", "!consul-cluster-factory/dc2/s",
                        "!consul-cluster-factory/dc3/s"))), "negation");
        assertEquals(List.of("other"), names(List.of(filter(FilterNameStringType.DESCRIPTION, "not the"))),
                "description is not case-sensitive");

        List<List<String>> pages = sm.listSecretsPaginator(r -> r.maxResults(3)).stream()
                .map(p -> p.secretList().stream().map(SecretListEntry::name).toList()).toList();
        assertEquals(List.of(3, 3, 1), pages.stream().map(List::size).toList());
        assertEquals(names(List.of()), pages.stream().flatMap(List::stream).toList());
        assertThrows(InvalidNextTokenException.class, () -> sm.listSecrets(r -> r.nextToken("bogus")));
        assertError("ValidationException", () -> sm.listSecrets(r -> r.maxResults(101)));

        SecretListEntry entry = sm.listSecrets(r -> r.filters(filter(FilterNameStringType.NAME, "other"))).secretList().get(0);
        assertEquals(1, entry.secretVersionsToStages().size());
        assertEquals("Not The factory's", entry.description());
    }

    @Test
    void tagsAreAddedOverwrittenAndRemoved() {
        create(CLIENT, GOSSIP);
        sm.tagResource(r -> r.secretId(CLIENT).tags(Tag.builder().key("consul-cluster").value("dc0").build(),
                Tag.builder().key("managed-by").value("consul-cluster-factory").build()));
        sm.tagResource(r -> r.secretId(CLIENT).tags(Tag.builder().key("consul-cluster").value("dc1").build()));
        assertEquals(Map.of("consul-cluster", "dc1", "managed-by", "consul-cluster-factory"),
                tags(sm.describeSecret(r -> r.secretId(CLIENT)).tags()));

        sm.untagResource(r -> r.secretId(CLIENT).tagKeys("consul-cluster", "never-there"));
        assertEquals(Map.of("managed-by", "consul-cluster-factory"), tags(sm.describeSecret(r -> r.secretId(CLIENT)).tags()));

        List<Tag> many = IntStream.range(0, 50).mapToObj(i -> Tag.builder().key("k" + i).value("v").build()).toList();
        assertThrows(InvalidParameterException.class, () -> sm.tagResource(r -> r.secretId(CLIENT).tags(many)));
        assertEquals(1, sm.describeSecret(r -> r.secretId(CLIENT)).tags().size(), "a refused call changes nothing");
    }

    @Test
    void aDeletedSecretWaitsOutItsRecoveryWindowUnlessRestored(LocalAws aws) {
        String arn = create(CLIENT, GOSSIP).arn();

        DeleteSecretResponse deleted = sm.deleteSecret(r -> r.secretId(CLIENT));

        Instant in30Days = aws.clock().now().plus(Duration.ofDays(30)).truncatedTo(ChronoUnit.MILLIS);
        assertEquals(arn, deleted.arn());
        assertEquals(in30Days, deleted.deletionDate(), "the default recovery window is 30 days");
        InvalidRequestException get = assertThrows(InvalidRequestException.class, () -> sm.getSecretValue(r -> r.secretId(CLIENT)));
        assertEquals("You can't perform this operation on the secret because it was marked for deletion.",
                get.awsErrorDetails().errorMessage());
        InvalidRequestException recreate = assertThrows(InvalidRequestException.class, () -> create(CLIENT, GOSSIP));
        assertEquals("You can't create this secret because a secret with this name is already scheduled for deletion.",
                recreate.awsErrorDetails().errorMessage());
        assertThrows(InvalidRequestException.class, () -> sm.putSecretValue(r -> r.secretId(CLIENT).secretString("x")));
        assertThrows(InvalidRequestException.class, () -> sm.tagResource(r -> r.secretId(CLIENT)
                .tags(Tag.builder().key("k").value("v").build())));
        assertThrows(InvalidRequestException.class, () -> sm.deleteSecret(r -> r.secretId(CLIENT)));
        assertEquals(in30Days, sm.describeSecret(r -> r.secretId(CLIENT)).deletedDate(), "describe still answers");
        assertTrue(aws.secretsManager().currentSecretString(CLIENT).isEmpty());
        assertEquals(List.of(), sm.listSecrets(r -> { }).secretList());
        assertEquals(1, sm.listSecrets(r -> r.includePlannedDeletion(true)).secretList().size());

        assertEquals(arn, sm.restoreSecret(r -> r.secretId(CLIENT)).arn());

        assertEquals(GOSSIP, sm.getSecretValue(r -> r.secretId(CLIENT)).secretString());
        assertNull(sm.describeSecret(r -> r.secretId(CLIENT)).deletedDate());
    }

    @Test
    void aSecretIsGoneForGoodAfterItsRecoveryWindow(LocalAws aws) {
        create(CLIENT, GOSSIP);
        sm.deleteSecret(r -> r.secretId(CLIENT).recoveryWindowInDays(7L));
        aws.clock().advance(Duration.ofDays(7).minusMinutes(1));
        assertTrue(sm.describeSecret(r -> r.secretId(CLIENT)).deletedDate() != null, "still in its window");

        aws.clock().advance(Duration.ofMinutes(2));

        assertThrows(ResourceNotFoundException.class, () -> sm.describeSecret(r -> r.secretId(CLIENT)));
        create(CLIENT, "again");
        assertEquals("again", sm.getSecretValue(r -> r.secretId(CLIENT)).secretString(), "the name is free again");
    }

    @Test
    void deleteChecksItsWindowAndForcesWithoutOne() {
        create(CLIENT, GOSSIP);
        assertThrows(InvalidParameterException.class, () -> sm.deleteSecret(r -> r.secretId(CLIENT).recoveryWindowInDays(6L)));
        assertThrows(InvalidParameterException.class, () -> sm.deleteSecret(r -> r.secretId(CLIENT).recoveryWindowInDays(31L)));
        assertThrows(InvalidParameterException.class, () -> sm.deleteSecret(r -> r.secretId(CLIENT).recoveryWindowInDays(7L)
                .forceDeleteWithoutRecovery(true)));

        sm.deleteSecret(r -> r.secretId(CLIENT).forceDeleteWithoutRecovery(true));

        assertThrows(ResourceNotFoundException.class, () -> sm.describeSecret(r -> r.secretId(CLIENT)));
        create(CLIENT, GOSSIP);
        assertEquals(SERVER, sm.deleteSecret(r -> r.secretId(SERVER).forceDeleteWithoutRecovery(true)).name(),
                "a forced delete of a missing secret is no ResourceNotFoundException");
    }

    @Test
    void aSecretHasAtMostAHundredVersionsAndOldUnlabelledOnesGoAfterADay(LocalAws aws) {
        String first = create(SERVER, "v0").versionId();
        for (int i = 1; i < 100; i++) {
            String value = "v" + i;
            sm.putSecretValue(r -> r.secretId(SERVER).secretString(value));
        }
        assertThrows(LimitExceededException.class, () -> sm.putSecretValue(r -> r.secretId(SERVER).secretString("v100")));

        aws.clock().advance(Duration.ofHours(25));
        sm.putSecretValue(r -> r.secretId(SERVER).secretString("v100"));

        assertEquals("v100", sm.getSecretValue(r -> r.secretId(SERVER)).secretString());
        assertThrows(ResourceNotFoundException.class, () -> sm.getSecretValue(r -> r.secretId(SERVER).versionId(first)),
                "the oldest unlabelled version made room");
        assertEquals(100, aws.secretsManager().secret(SERVER).orElseThrow().versions().size());
    }

    @Test
    void theCallLogNeverHoldsASecretValue(LocalAws aws) {
        create(CLIENT, GOSSIP);
        sm.putSecretValue(r -> r.secretId(CLIENT).secretBinary(SdkBytes.fromUtf8String("key")));

        List<Call> calls = aws.calls().all().stream().filter(c -> c.service().equals("secretsmanager")).toList();

        assertEquals(List.of("CreateSecret", "PutSecretValue"), calls.stream().map(Call::action).toList());
        assertEquals(CLIENT, calls.get(0).params().get("Name"));
        assertEquals("(redacted)", calls.get(0).params().get("SecretString"));
        assertEquals("(redacted)", calls.get(1).params().get("SecretBinary"));
        assertFalse(calls.toString().contains("gossip_key"), calls.toString());
    }

    @Test
    void injectedFaultsAnswerInSecretsManagersOwnWordsAndTheSdkRetriesThem(LocalAws aws) {
        create(CLIENT, GOSSIP);
        aws.faults().throttle("secretsmanager", "GetSecretValue", 1).serverError("secretsmanager", "GetSecretValue", 1);

        assertEquals(GOSSIP, sm.getSecretValue(r -> r.secretId(CLIENT)).secretString(), "retried past both");

        assertEquals(List.of("ThrottlingException", "InternalServiceError"), aws.calls().of("secretsmanager", "GetSecretValue")
                .stream().map(Call::errorCode).filter(java.util.Objects::nonNull).toList());
    }

    private List<String> names(List<Filter> filters) {
        return sm.listSecretsPaginator(r -> r.filters(filters)).stream().flatMap(p -> p.secretList().stream()).map(SecretListEntry::name).toList();
    }

    private static Filter filter(FilterNameStringType key, String... values) {
        return Filter.builder().key(key).values(values).build();
    }

    private static Map<String, String> tags(List<Tag> tags) {
        return tags.stream().collect(Collectors.toMap(Tag::key, Tag::value));
    }

    private static void assertError(String code, Runnable call) {
        SecretsManagerException e = assertThrows(SecretsManagerException.class, call::run);
        assertEquals(code, e.awsErrorDetails().errorCode(), e.getMessage());
        assertEquals(400, e.statusCode());
        assertNotEquals(null, e.awsErrorDetails().errorMessage());
    }
}
