package io.consulfactory.spec;

import com.amazonaws.services.lambda.runtime.Context;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectReader;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.consulfactory.aws.AwsClients;
import io.consulfactory.aws.SnapStartPriming;
import io.consulfactory.lambda.Json;
import io.consulfactory.lambda.JsonHandler;

import java.util.Map;

/**
 * The workflow's first step: the execution input, with the stack's defaults under it, becomes the
 * validated {@link ClusterSpec} ({@code $.spec}); bad input fails here, naming the field, before anything is
 * made. Only input that passes every rule is then checked against EC2 ({@link InstanceTypeCheck}).
 *
 * <p>The stack passes its defaults as strings (DefinitionSubstitutions are text): an empty string means "no
 * default", list fields come comma-separated and numbers as digits.
 */
public final class ValidateInputHandler extends JsonHandler<ValidateInputHandler.Input, ClusterSpec> {

    /** @param input the execution input; @param defaults the stack's defaults, as text */
    public record Input(JsonNode input, Map<String, String> defaults) {
    }

    private final InstanceTypeCheck instanceTypes;

    public ValidateInputHandler() {
        this(new InstanceTypeCheck(AwsClients.ec2()));
        primeBeforeSnapshot(SnapStartPriming.ec2DescribeInstanceTypes());
    }

    ValidateInputHandler(InstanceTypeCheck instanceTypes) {
        super(Input.class);
        this.instanceTypes = instanceTypes;
    }

    /**
     * The event holds the execution input, so it is read as the parser reads input text (one document, no key
     * twice, numbers as written): in AWS, Step Functions builds this event from the input it already parsed, but
     * the function itself can be invoked with any text (Lambda's console test, {@code aws lambda invoke},
     * {@code sam local invoke}).
     */
    @Override
    protected ObjectReader eventReader() {
        return ClusterSpecParser.READER.forType(Input.class);
    }

    /** Unreadable event text is bad input like any other: it fails here, naming the key or {@code (input)}. */
    @Override
    protected void unreadableEvent(JsonProcessingException e) {
        throw ClusterSpecParser.unreadableEvent(e); // the envelope is ValidateInput's own: {"input": …, "defaults": …}
    }

    @Override
    protected ClusterSpec handle(Input request, Context context) {
        ClusterSpec spec = ClusterSpecParser.parse(request.input(), defaults(request.defaults()));
        instanceTypes.check(spec);
        return spec;
    }

    static ObjectNode defaults(Map<String, String> stack) {
        ObjectNode defaults = Json.MAPPER.createObjectNode();
        if (stack == null) {
            return defaults;
        }
        stack.forEach((field, text) -> {
            if (text == null || text.isBlank()) {
                return;
            }
            switch (field) {
                case "subnetIds", "apiAllowedCidrs", "sshAllowedCidrs" -> {
                    ArrayNode list = defaults.putArray(field);
                    for (String item : text.split(",")) {
                        if (!item.isBlank()) {
                            list.add(item.strip());
                        }
                    }
                }
                case "allowSingleZone" -> {
                    String flag = text.strip();
                    if (flag.equals("true") || flag.equals("false")) {
                        defaults.put(field, Boolean.parseBoolean(flag));
                    } else {
                        defaults.put(field, text); // the parser reports the type, naming the field
                    }
                }
                case "serverCount", "keepImages", "maxImageAgeDays" -> {
                    try {
                        defaults.put(field, Integer.parseInt(text.strip()));
                    } catch (NumberFormatException e) {
                        defaults.put(field, text); // the parser reports the type, naming the field
                    }
                }
                default -> defaults.put(field, text.strip());
            }
        });
        return defaults;
    }
}
