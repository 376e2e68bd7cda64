package com.tradeul.metasync.normalize;

import com.tradeul.metasync.wire.ColumnValue;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * PostgreSQL's array literal as {@code array_out} prints it: {@code {1,NULL,-3}}, {@code {}},
 * {@code {{1,2},{3,4}}} (one nested {@link ColumnValue.Array} per dimension), elements in double
 * quotes with backslash escapes where needed ({@code {"a b","\"q\"","NULL"}}: the last is the
 * string NULL, an unquoted {@code NULL} is SQL NULL), and explicit bounds when a lower bound is
 * not 1 ({@code [0:1]={1,2}}). Elements are separated by {@code ,}, the delimiter of every type
 * metasync carries (box's {@code ;} is refused by {@link PgText}).
 *
 * <p>Explicit bounds are checked against the elements and then dropped: a JSON array has no
 * lower bound, and every value keeps its place. {@code [0:1]={1,2}} renders as {@code [1,2]},
 * like {@code {1,2}}.
 *
 * <p>One instance reads one literal; not thread safe, and never shared.
 */
final class PgArrayText {

    /** PostgreSQL's MAXDIM. */
    private static final int MAX_DIMENSIONS = 6;
    private static final Pattern DIMENSION = Pattern.compile("\\[(-?\\d{1,10}):(-?\\d{1,10})\\]");

    private final String typeName;
    private final String text;
    private final Function<String, ColumnValue> element;
    /** Item count of the arrays at each depth, -1 until the first closes: all must agree. */
    private final int[] lengths = new int[MAX_DIMENSIONS];
    /** The depth whose arrays hold the elements, -1 until the first element. */
    private int elementDepth = -1;
    private int elements;
    private int pos;

    private PgArrayText(String typeName, String text, Function<String, ColumnValue> element) {
        this.typeName = typeName;
        this.text = text;
        this.element = element;
        Arrays.fill(lengths, -1);
    }

    /**
     * @param element reads one element's text (unquoted, unescaped) by the element type's rule;
     *                its {@link UnparsableValueException} is reported for the whole array
     */
    static ColumnValue parse(String typeName, String text, Function<String, ColumnValue> element) {
        return new PgArrayText(typeName, text, element).read();
    }

    private ColumnValue read() {
        List<long[]> bounds = bounds();
        ColumnValue.Array array = array(0);
        if (pos != text.length()) {
            throw malformed("text after the closing brace");
        }
        checkBounds(bounds, array);
        return array;
    }

    /** {@code [lo:hi]...=} before the braces, one pair per dimension; none when absent. */
    private List<long[]> bounds() {
        List<long[]> bounds = new ArrayList<>();
        Matcher m = DIMENSION.matcher(text);
        while (pos < text.length() && text.charAt(pos) == '[') {
            if (!m.region(pos, text.length()).lookingAt()) {
                throw malformed("bounds are not [lower:upper]");
            }
            bounds.add(new long[] {Long.parseLong(m.group(1)), Long.parseLong(m.group(2))});
            pos = m.end();
        }
        if (!bounds.isEmpty()) {
            expect('=');
        }
        return bounds;
    }

    private ColumnValue.Array array(int depth) {
        if (depth == MAX_DIMENSIONS) {
            throw malformed("more than " + MAX_DIMENSIONS + " dimensions");
        }
        expect('{');
        List<ColumnValue> items = new ArrayList<>();
        if (depth == 0 && peek() == '}') {
            pos++;
            return new ColumnValue.Array(items);
        }
        do {
            items.add(peek() == '{' ? subArray(depth) : element(depth));
        } while (delimiter());
        expect('}');
        if (lengths[depth] == -1) {
            lengths[depth] = items.size();
        } else if (lengths[depth] != items.size()) {
            throw malformed("sub-arrays of different lengths");
        }
        return new ColumnValue.Array(items);
    }

    private ColumnValue subArray(int depth) {
        if (elementDepth == depth) {
            throw malformed("elements and sub-arrays mixed");
        }
        return array(depth + 1);
    }

    private ColumnValue element(int depth) {
        if (elementDepth == -1) {
            elementDepth = depth;
        } else if (elementDepth != depth) {
            throw malformed("elements at different depths");
        }
        elements++;
        if (peek() == '"') {
            return converted(quoted());
        }
        String unquoted = unquoted();
        // array_out quotes every element that reads as NULL in any case; array_in ignores case.
        return unquoted.equalsIgnoreCase("NULL") ? ColumnValue.Null.INSTANCE : converted(unquoted);
    }

    private String quoted() {
        StringBuilder value = new StringBuilder();
        pos++;
        while (peek() != '"') {
            if (text.charAt(pos) == '\\') {
                pos++;
                peek();
            }
            value.append(text.charAt(pos++));
        }
        pos++;
        return value.toString();
    }

    /** Up to the next delimiter or brace; array_out quotes anything holding quotes, braces, backslashes or spaces. */
    private String unquoted() {
        int start = pos;
        while (peek() != ',' && text.charAt(pos) != '}') {
            char c = text.charAt(pos);
            if (c == '"' || c == '\\' || c == '{' || Character.isWhitespace(c)) {
                throw malformed("unquoted element holds " + (Character.isWhitespace(c) ? "white space" : "'" + c + "'"));
            }
            pos++;
        }
        if (pos == start) {
            throw malformed("an empty unquoted element");
        }
        return text.substring(start, pos);
    }

    private ColumnValue converted(String value) {
        try {
            return element.apply(value);
        } catch (UnparsableValueException e) {
            throw new UnparsableValueException(typeName, "element " + elements + " ('"
                    + UnparsableValueException.shown(value) + "'): " + e.reason(), text);
        }
    }

    private void checkBounds(List<long[]> bounds, ColumnValue.Array array) {
        if (bounds.isEmpty()) {
            return;
        }
        if (array.items().isEmpty() || bounds.size() != elementDepth + 1) {
            throw malformed(bounds.size() + " bounds for " + (array.items().isEmpty() ? 0 : elementDepth + 1)
                    + " dimensions");
        }
        for (int d = 0; d < bounds.size(); d++) {
            if (bounds.get(d)[1] - bounds.get(d)[0] + 1 != lengths[d]) {
                throw malformed("bounds [" + bounds.get(d)[0] + ":" + bounds.get(d)[1] + "] for " + lengths[d]
                        + " items");
            }
        }
    }

    private boolean delimiter() {
        if (peek() == ',') {
            pos++;
            return true;
        }
        return false;
    }

    private void expect(char c) {
        if (peek() != c) {
            throw malformed("'" + c + "' expected at character " + (pos + 1));
        }
        pos++;
    }

    private char peek() {
        if (pos >= text.length()) {
            throw malformed("it ends before its closing brace");
        }
        return text.charAt(pos);
    }

    private UnparsableValueException malformed(String why) {
        return new UnparsableValueException(typeName, "not an array literal as PostgreSQL prints it: " + why, text);
    }
}
