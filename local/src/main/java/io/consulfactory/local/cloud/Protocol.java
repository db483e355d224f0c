package io.consulfactory.local.cloud;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** The wire protocols the factory's services speak, and how each shapes answers and errors. */
public enum Protocol {

    /** EC2's own query protocol: flat response element, {@code <Response><Errors>} errors. */
    EC2_QUERY("text/xml;charset=UTF-8") {
        @Override
        String success(LocalService service, String action, Object content, String requestId) {
            List<Xml> children = new java.util.ArrayList<>();
            children.add(Xml.el("requestId", requestId));
            addContent(children, content);
            return Xml.node(action + "Response", children).withNamespace(service.xmlNamespace()).render();
        }

        @Override
        String error(LocalService service, AwsError error, String requestId) {
            return Xml.node("Response",
                    Xml.node("Errors", Xml.node("Error", Xml.el("Code", error.code()), Xml.el("Message", error.getMessage()))),
                    Xml.el("RequestID", requestId)).render();
        }
    },

    /** The query protocol of IAM, STS and Auto Scaling: {@code <ActionResult>} wrapper, {@code <ErrorResponse>}. */
    AWS_QUERY("text/xml;charset=UTF-8") {
        @Override
        String success(LocalService service, String action, Object content, String requestId) {
            List<Xml> children = new java.util.ArrayList<>();
            if (content != null) {
                List<Xml> result = new java.util.ArrayList<>();
                addContent(result, content);
                children.add(Xml.node(action + "Result", result));
            }
            children.add(Xml.node("ResponseMetadata", Xml.el("RequestId", requestId)));
            return Xml.node(action + "Response", children).withNamespace(service.xmlNamespace()).render();
        }

        @Override
        String error(LocalService service, AwsError error, String requestId) {
            return Xml.node("ErrorResponse",
                    Xml.node("Error", Xml.el("Type", error.faultType()), Xml.el("Code", error.code()),
                            Xml.el("Message", error.getMessage())),
                    Xml.el("RequestId", requestId)).withNamespace(service.xmlNamespace()).render();
        }
    },

    /**
     * REST-XML (S3): the method, path and subresource name the operation; a {@link RestService} reads and writes the
     * HTTP exchange itself. What is rendered here is its generic shape: the content element alone, and S3's
     * {@code <Error>} document.
     */
    REST_XML("application/xml") {
        @Override
        String success(LocalService service, String action, Object content, String requestId) {
            return content instanceof Xml xml ? xml.withNamespace(service.xmlNamespace()).render() : "";
        }

        @Override
        String error(LocalService service, AwsError error, String requestId) {
            return Xml.node("Error", Xml.el("Code", error.code()), Xml.el("Message", error.getMessage()),
                    Xml.el("RequestId", requestId)).render();
        }
    },

    /** JSON 1.1 (SSM): {@code X-Amz-Target} names the action; errors carry {@code __type}. */
    AWS_JSON("application/x-amz-json-1.1") {
        @Override
        String success(LocalService service, String action, Object content, String requestId) {
            return json(content == null ? Map.of() : content);
        }

        @Override
        String error(LocalService service, AwsError error, String requestId) {
            Map<String, String> body = new LinkedHashMap<>();
            body.put("__type", error.code());
            body.put("message", error.getMessage());
            return json(body);
        }
    };

    private static final ObjectMapper JSON = new ObjectMapper();

    private final String contentType;

    Protocol(String contentType) {
        this.contentType = contentType;
    }

    public String contentType() {
        return contentType;
    }

    abstract String success(LocalService service, String action, Object content, String requestId);

    abstract String error(LocalService service, AwsError error, String requestId);

    private static void addContent(List<Xml> into, Object content) {
        if (content instanceof Xml xml) {
            into.add(xml);
        } else if (content instanceof Collection<?> many) {
            for (Object o : many) {
                if (o != null) {
                    into.add((Xml) o);
                }
            }
        } else if (content != null) {
            throw new IllegalStateException("query protocol content must be Xml, got " + content.getClass());
        }
    }

    private static String json(Object value) {
        try {
            return JSON.writeValueAsString(value);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }
}
