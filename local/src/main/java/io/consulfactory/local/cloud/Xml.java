package io.consulfactory.local.cloud;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;

/**
 * A small XML tree for the query protocols' responses. Elements hold text or child elements; text is
 * escaped when rendered. {@code null} children are skipped, so optional members read naturally:
 * {@code el("description", maybeNull)}.
 */
public final class Xml {

    private final String name;
    private final String text;
    private final List<Xml> children;
    private final String namespace;

    private Xml(String name, String text, List<Xml> children, String namespace) {
        this.name = name;
        this.text = text;
        this.children = children;
        this.namespace = namespace;
    }

    /** An element with text content; {@code null} when the value is {@code null} (then left out). */
    public static Xml el(String name, Object value) {
        return value == null ? null : new Xml(name, String.valueOf(value), List.of(), null);
    }

    /** An element with child elements ({@code null} children are left out). */
    public static Xml node(String name, Xml... children) {
        return node(name, children == null ? List.of() : java.util.Arrays.asList(children));
    }

    public static Xml node(String name, Collection<Xml> children) {
        List<Xml> kept = new ArrayList<>();
        for (Xml child : children) {
            if (child != null) {
                kept.add(child);
            }
        }
        return new Xml(name, null, kept, null);
    }

    /** A list as the query protocols write it: a wrapper holding one {@code itemName} element per item. */
    public static Xml list(String name, String itemName, Collection<Xml> items) {
        List<Xml> wrapped = new ArrayList<>();
        for (Xml item : items) {
            wrapped.add(new Xml(itemName, item.text, item.children, null));
        }
        return new Xml(name, null, wrapped, null);
    }

    /** EC2's tag list: {@code <tagSet><item><key/><value/></item></tagSet>}. */
    public static Xml ec2Tags(String name, Map<String, String> tags) {
        List<Xml> items = new ArrayList<>();
        tags.forEach((k, v) -> items.add(node("item", el("key", k), el("value", v))));
        return node(name, items);
    }

    /** IAM's tag list: {@code <Tags><member><Key/><Value/></member></Tags>}. */
    public static Xml memberTags(String name, Map<String, String> tags) {
        List<Xml> items = new ArrayList<>();
        tags.forEach((k, v) -> items.add(node("member", el("Key", k), el("Value", v))));
        return node(name, items);
    }

    /** This element as a document root carrying the given namespace. */
    public Xml withNamespace(String ns) {
        return new Xml(name, text, children, ns);
    }

    public String render() {
        StringBuilder out = new StringBuilder("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n");
        write(out);
        return out.toString();
    }

    private void write(StringBuilder out) {
        out.append('<').append(name);
        if (namespace != null) {
            out.append(" xmlns=\"").append(escape(namespace)).append('"');
        }
        out.append('>');
        if (text != null) {
            out.append(escape(text));
        }
        for (Xml child : children) {
            child.write(out);
        }
        out.append("</").append(name).append('>');
    }

    static String escape(String s) {
        StringBuilder out = new StringBuilder(s.length());
        for (char c : s.toCharArray()) {
            switch (c) {
                case '<' -> out.append("&lt;");
                case '>' -> out.append("&gt;");
                case '&' -> out.append("&amp;");
                case '"' -> out.append("&quot;");
                case '\'' -> out.append("&apos;");
                case '\r' -> out.append("&#13;");
                default -> out.append(c);
            }
        }
        return out.toString();
    }
}
