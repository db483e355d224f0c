package io.consulfactory.local;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** template.yaml's operations part: the functions log JSON, and each alarm reaches someone. */
class TemplateAlarmsAndLogsTest {

    private static JsonNode template;

    @BeforeAll
    static void read() throws Exception {
        // The short tags carry no meaning here: read them as plain values (!If [a, b, c] as the list [a, b, c]).
        template = new YAMLMapper().readTree(Files.readString(LocalWorkflow.repoFile("template.yaml"))
                .replaceAll("!(Ref|Sub|Join|GetAtt|If|Equals|Not|Condition) ", ""));
    }

    private static JsonNode resource(String name) {
        JsonNode r = template.at("/Resources/" + name);
        assertTrue(r.isObject(), "template.yaml has no resource " + name);
        return r;
    }

    @Test
    void everyFunctionLogsJsonAtInfoAndLambdasOwnLinesFromWarn() {
        JsonNode logging = template.at("/Globals/Function/LoggingConfig");
        assertEquals("JSON", logging.path("LogFormat").asText(), "the invocation's JSON line is kept as it is");
        assertEquals("INFO", logging.path("ApplicationLogLevel").asText());
        assertEquals("WARN", logging.path("SystemLogLevel").asText());
    }

    @Test
    void theAlarmsNotifyTheStacksEncryptedTopicOrTheOneGiven() {
        assertEquals("", template.at("/Parameters/AlarmEmail/Default").asText());
        assertEquals("", template.at("/Parameters/AlarmTopicArn/Default").asText());
        JsonNode topic = resource("AlarmTopic");
        assertEquals("UseOwnAlarmTopic", topic.path("Condition").asText(), "no topic of its own when one is given");
        // Not alias/aws/sns: CloudWatch may not use the AWS managed key, and its alarms would notify no one.
        assertEquals("AlarmTopicKey", topic.at("/Properties/KmsMasterKeyId").asText());
        assertNotEquals("alias/aws/sns", topic.at("/Properties/KmsMasterKeyId").asText());
        JsonNode key = resource("AlarmTopicKey");
        assertTrue(key.at("/Properties/EnableKeyRotation").asBoolean());
        List<String> cloudWatchMay = new ArrayList<>();
        for (JsonNode statement : key.at("/Properties/KeyPolicy/Statement")) {
            if (statement.at("/Principal/Service").asText().equals("cloudwatch.amazonaws.com")) {
                statement.path("Action").forEach(a -> cloudWatchMay.add(a.asText()));
            }
        }
        assertEquals(List.of("kms:Decrypt", "kms:GenerateDataKey*"), cloudWatchMay);
        assertEquals("SubscribeAlarmEmail", resource("AlarmEmailSubscription").path("Condition").asText());
        assertEquals("email", resource("AlarmEmailSubscription").at("/Properties/Protocol").asText());

        for (String alarm : List.of("FailedExecutionsAlarm", "TimedOutOrAbortedExecutionsAlarm")) {
            JsonNode p = resource(alarm).path("Properties");
            assertEquals("[[\"UseOwnAlarmTopic\",\"AlarmTopic\",\"AlarmTopicArn\"]]", p.path("AlarmActions").toString(), alarm);
            assertEquals("notBreaching", p.path("TreatMissingData").asText(), alarm);
            assertTrue(p.path("AlarmDescription").asText().contains("README"), alarm + " says where to read what to do");
        }
        JsonNode metrics = resource("TimedOutOrAbortedExecutionsAlarm").at("/Properties/Metrics");
        List<String> names = new ArrayList<>();
        metrics.forEach(m -> names.add(m.at("/MetricStat/Metric/MetricName").asText()));
        assertTrue(names.containsAll(List.of("ExecutionsTimedOut", "ExecutionsAborted")), names.toString());
        assertTrue(metrics.toString().contains("FILL(timedOut, 0) + FILL(aborted, 0)"), metrics.toString());
        assertTrue(template.at("/Outputs/AlarmNotificationTopicArn").isObject());
    }
}
