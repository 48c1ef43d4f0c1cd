package dev.mdevsim.litmus;

import dev.mdevsim.core.DeviceState;
import dev.mdevsim.core.Errno;
import dev.mdevsim.core.ParentSpec;
import dev.mdevsim.core.Warning;
import dev.mdevsim.core.TypeSpec;
import dev.mdevsim.core.Uuids;
import dev.mdevsim.litmus.Statement.Start;
import dev.mdevsim.model.Model;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.AccessDeniedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Parses the litmus script language of DESIGN.md and checks what can be checked before anything runs:
 * statement shapes, outcome and errno names, labels (defined once, before use), {@code hold} only on
 * create and remove, {@code release} only of held requests, {@code model} only first. Every problem
 * is a {@link ScriptException} naming {@code file:line}.
 */
public final class ScriptParser {

    private static final Pattern LABEL = Pattern.compile("[A-Za-z_][A-Za-z0-9_.-]*");

    private final String file;
    private int line;
    private Model model = Model.SEED;
    private final List<Statement> statements = new ArrayList<>();
    private final Map<String, Statement.Request> labels = new HashMap<>();
    private final Set<String> released = new HashSet<>();
    private final Set<String> awaited = new HashSet<>();

    private ScriptParser(String file) {
        this.file = file;
    }

    /** Reads and parses a script file. */
    public static Script parse(Path path) throws ScriptException {
        String text;
        try {
            text = Files.readString(path, StandardCharsets.UTF_8);
        } catch (NoSuchFileException e) {
            throw new ScriptException(path.toString(), 0, "no such file");
        } catch (AccessDeniedException e) {
            throw new ScriptException(path.toString(), 0, "cannot read: permission denied");
        } catch (CharacterCodingException e) {
            throw new ScriptException(path.toString(), firstBadLine(path), "not UTF-8 text (a binary file?)");
        } catch (IOException e) {
            throw new ScriptException(path.toString(), 0, "cannot read: " + (e.getMessage() == null ? "input/output error" : e.getMessage()));
        }
        return parse(path.toString(), text);
    }

    /** The line of a file's first byte that is not UTF-8, or 0 if it cannot be read again. */
    private static int firstBadLine(Path path) {
        try {
            byte[] b = Files.readAllBytes(path);
            CharsetDecoder utf8 = StandardCharsets.UTF_8.newDecoder();
            int line = 1;
            int start = 0;
            for (int i = 0; i <= b.length; i++) {
                if (i == b.length || b[i] == '\n') {
                    try {
                        utf8.reset().decode(ByteBuffer.wrap(b, start, i - start));
                    } catch (CharacterCodingException e) {
                        return line;
                    }
                    line++;
                    start = i + 1;
                }
            }
        } catch (IOException e) {
            // no line, then
        }
        return 0;
    }

    /**
     * Parses script text; {@code file} names it in errors. A leading byte order mark is skipped, and a
     * line ends at {@code \n}, {@code \r\n} or a lone {@code \r} (as editors on every system write them).
     */
    public static Script parse(String file, String text) throws ScriptException {
        ScriptParser p = new ScriptParser(file);
        String body = text.startsWith("\uFEFF") ? text.substring(1) : text;
        String[] lines = body.split("\r\n|\r|\n", -1);
        for (int i = 0; i < lines.length; i++) {
            p.line = i + 1;
            String source = lines[i];
            int hash = source.indexOf('#');
            String code = (hash >= 0 ? source.substring(0, hash) : source).trim();
            if (!code.isEmpty()) {
                p.statement(code, code.split("\\s+"));
            }
        }
        return new Script(file, p.model, p.statements);
    }

    private void statement(String text, String[] t) throws ScriptException {
        switch (t[0]) {
            case "model" -> model(text, t);
            case "parent" -> parent(text, t);
            case "create" -> create(text, t);
            case "remove" -> remove(text, t);
            case "unregister" -> unregister(text, t);
            case "release" -> release(text, t);
            case "await" -> await(text, t);
            case "pending" -> pending(text, t);
            case "expect" -> expect(text, t);
            case "sysfs" -> sysfs(text, t);
            default -> throw error("unknown statement '" + t[0]
                    + "' (statements: model, parent, create, remove, unregister, sysfs, release, await, pending, expect)");
        }
    }

    private void model(String text, String[] t) throws ScriptException {
        arity(t, 2, "model NAME");
        if (!statements.isEmpty()) {
            throw error("'model' must be the first statement");
        }
        model = Model.parse(t[1]).orElseThrow(() -> error("unknown model '" + t[1] + "' (models: " + Model.names() + ")"));
        statements.add(new Statement.ModelStmt(line, text, model));
    }

    private void parent(String text, String[] t) throws ScriptException {
        Operands o = operands(t, false, "parent NAME [TYPE=CAPACITY ... | pool=N TYPE ...] [=> OUTCOME | as LABEL]", -1);
        List<String> specs = o.args().subList(1, o.args().size());
        int pool = ParentSpec.NO_POOL;
        for (String spec : specs) {
            if (spec.startsWith("pool=")) {
                if (pool != ParentSpec.NO_POOL) {
                    throw error("a parent has one pool");
                }
                pool = number(spec.substring(5), "pool '" + spec.substring(5) + "'");
                if (pool <= 0) {
                    throw error("pool=" + pool + ": a pool needs a positive size");
                }
            }
        }
        List<TypeSpec> types = new ArrayList<>();
        for (String spec : specs) {
            int eq = spec.indexOf('=');
            if (spec.startsWith("pool=")) {
                continue;
            } else if (pool != ParentSpec.NO_POOL) {
                if (eq >= 0) {
                    throw error("'" + spec + "': a parent has either pool=N and bare type names, or TYPE=CAPACITY"
                            + " for each type, not both");
                }
                types.add(TypeSpec.inPool(spec));
                continue;
            }
            if (eq <= 0 || eq == spec.length() - 1) {
                throw error("'" + spec + "' is not TYPE=CAPACITY (or use pool=N and bare type names)");
            }
            String type = spec.substring(0, eq);
            String capacity = spec.substring(eq + 1);
            types.add(new TypeSpec(type, number(capacity, "capacity '" + capacity + "' of type " + type)));
        }
        request(new Statement.ParentStmt(line, text, o.args().get(0), types, pool, o.start()));
    }

    private int number(String n, String what) throws ScriptException {
        try {
            return Integer.parseInt(n);
        } catch (NumberFormatException e) {
            throw error(what + " is not a number");
        }
    }

    private void create(String text, String[] t) throws ScriptException {
        Operands o = operands(t, true, "create PARENT TYPE UUID [=> OUTCOME | as LABEL [hold [setup]]]", 3);
        request(new Statement.CreateStmt(line, text, o.args().get(0), o.args().get(1), o.args().get(2), o.start()));
    }

    private void remove(String text, String[] t) throws ScriptException {
        Operands o = operands(t, true, "remove UUID [=> OUTCOME | as LABEL [hold]]", 1);
        request(new Statement.RemoveStmt(line, text, o.args().get(0), o.start()));
    }

    /** {@code sysfs create ...}, {@code sysfs remove ...}, {@code sysfs write PATH TEXT ...}. */
    private void sysfs(String text, String[] t) throws ScriptException {
        String what = t.length > 1 ? t[1] : "";
        String[] rest = Arrays.copyOfRange(t, 1, t.length);
        switch (what) {
            case "create" -> {
                Operands o = operands(rest, true, "sysfs create PARENT TYPE UUID [=> OUTCOME | as LABEL [hold [setup]]]", 3);
                request(new Statement.SysfsCreateStmt(line, text, o.args().get(0), o.args().get(1), o.args().get(2), o.start()));
            }
            case "remove" -> {
                Operands o = operands(rest, true, "sysfs remove UUID [=> OUTCOME | as LABEL [hold]]", 1);
                request(new Statement.SysfsRemoveStmt(line, text, o.args().get(0), o.start()));
            }
            case "write" -> {
                Operands o = operands(rest, false, "sysfs write PATH TEXT [=> OUTCOME | as LABEL]", 2);
                String bytes = unescape(o.args().get(1));
                request(new Statement.SysfsWriteStmt(line, text, o.args().get(0), bytes, o.start()));
            }
            default -> throw error("unknown sysfs statement '" + what + "' (sysfs create, sysfs remove, sysfs write)");
        }
    }

    /** TEXT of {@code sysfs write}: {@code \n}, {@code \t}, {@code \xHH} and {@code \\} are escapes; one char per byte. */
    private String unescape(String s) throws ScriptException {
        StringBuilder b = new StringBuilder();
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c != '\\') {
                b.append(c);
                continue;
            }
            if (i + 1 == s.length()) {
                throw error("'" + s + "' ends with a lone \\ (escapes: \\n \\t \\xHH \\\\)");
            }
            char e = s.charAt(++i);
            switch (e) {
                case 'n' -> b.append('\n');
                case 't' -> b.append('\t');
                case '\\' -> b.append('\\');
                case 'x' -> {
                    int hi = i + 2 < s.length() ? Character.digit(s.charAt(i + 1), 16) : -1;
                    int lo = i + 2 < s.length() ? Character.digit(s.charAt(i + 2), 16) : -1;
                    if (hi < 0 || lo < 0) {
                        throw error("'\\x' in '" + s + "' needs two hex digits");
                    }
                    b.append((char) (hi * 16 + lo));
                    i += 2;
                }
                default -> throw error("unknown escape '\\" + e + "' in '" + s + "' (escapes: \\n \\t \\xHH \\\\)");
            }
        }
        return b.toString();
    }

    private void unregister(String text, String[] t) throws ScriptException {
        Operands o = operands(t, false, "unregister PARENT [=> OUTCOME | as LABEL]", 1);
        request(new Statement.UnregisterStmt(line, text, o.args().get(0), o.start()));
    }

    /** A request statement's operands and how it starts. */
    private record Operands(List<String> args, Start start) {
    }

    /**
     * Splits a request statement into its operands and its start ({@code => X} or {@code as L [hold]});
     * {@code count} operands are required, or at least one when {@code count} is -1.
     */
    private Operands operands(String[] t, boolean holdAllowed, String usage, int count) throws ScriptException {
        List<String> rest = new ArrayList<>(Arrays.asList(t).subList(1, t.length));
        Start start = start(rest, holdAllowed, t[0].equals("create"), usage);
        if (count < 0 ? rest.isEmpty() : rest.size() != count) {
            throw error("usage: " + usage);
        }
        return new Operands(rest, start);
    }

    private void release(String text, String[] t) throws ScriptException {
        String usage = "release LABEL [fail ERRNO]";
        if (t.length != 2 && !(t.length == 4 && t[2].equals("fail"))) {
            throw error("usage: " + usage);
        }
        Statement.Request r = label(t[1]);
        if (!r.start().hold()) {
            throw error("'" + t[1] + "' was not started with hold; only held requests are released");
        }
        if (!released.add(t[1])) {
            throw error("'" + t[1] + "' is released twice");
        }
        Optional<Errno> fail = Optional.empty();
        if (t.length == 4) {
            Errno e = outcome(t[3]);
            if (e.isOk()) {
                throw error("'fail' needs an errno, not OK");
            }
            if (r.start().setup()) {
                throw error("'" + t[1] + "' is held in setup, which cannot fail; release it without 'fail'");
            }
            fail = Optional.of(e);
        }
        statements.add(new Statement.ReleaseStmt(line, text, t[1], fail));
    }

    private void await(String text, String[] t) throws ScriptException {
        String usage = "await LABEL [=> OUTCOME]";
        if (t.length != 2 && !(t.length == 4 && t[2].equals("=>"))) {
            throw error("usage: " + usage);
        }
        label(t[1]);
        if (!awaited.add(t[1])) {
            throw error("'" + t[1] + "' is awaited twice");
        }
        statements.add(new Statement.AwaitStmt(line, text, t[1], t.length == 4 ? outcome(t[3]) : Errno.OK));
    }

    private void pending(String text, String[] t) throws ScriptException {
        if (t.length != 2 && t.length != 3) {
            throw error("usage: pending LABEL [queued|at-vendor|setup]");
        }
        label(t[1]);
        if (awaited.contains(t[1])) {
            throw error("'" + t[1] + "' was already awaited");
        }
        Statement.Where where = t.length == 2 ? null : Statement.Where.parse(t[2]).orElseThrow(() ->
                error("unknown phase '" + t[2] + "' (queued, at-vendor, setup)"));
        statements.add(new Statement.PendingStmt(line, text, t[1], where));
    }

    private void expect(String text, String[] t) throws ScriptException {
        String what = t.length > 1 ? t[1] : "";
        switch (what) {
            case "state" -> {
                arity(t, 4, "expect state UUID absent|creating|active|removing");
                if (!Uuids.isValid(t[2])) {
                    throw error("'" + t[2] + "' is not a UUID");
                }
                DeviceState s = DeviceState.parse(t[3]).orElseThrow(() ->
                        error("unknown state '" + t[3] + "' (states: absent, creating, active, removing)"));
                statements.add(new Statement.ExpectStateStmt(line, text, t[2], s));
            }
            case "instances" -> {
                arity(t, 5, "expect instances PARENT TYPE N|ENOENT");
                int n = t[4].equalsIgnoreCase("ENOENT") ? -1 : (int) count(t[4]);
                statements.add(new Statement.ExpectInstancesStmt(line, text, t[2], t[3], n));
            }
            case "warnings" -> {
                if (t.length == 4) {
                    Warning kind = Warning.parse(t[2]).orElseThrow(() ->
                            error("unknown warning '" + t[2] + "' (" + Warning.keys() + ")"));
                    statements.add(new Statement.ExpectWarningsStmt(line, text, kind, count(t[3])));
                } else {
                    arity(t, 3, "expect warnings [KIND] N");
                    statements.add(new Statement.ExpectWarningsStmt(line, text, null, count(t[2])));
                }
            }
            case "sysfs" -> {
                arity(t, 4, "expect sysfs PATH present|absent");
                if (!t[3].equals("present") && !t[3].equals("absent")) {
                    throw error("expected 'present' or 'absent', not '" + t[3] + "'");
                }
                statements.add(new Statement.ExpectSysfsStmt(line, text, t[2], t[3].equals("present")));
            }
            case "sometimes", "always", "never" -> {
                if (t.length < 3) {
                    throw error("usage: expect " + what + " LABEL=OUTCOME|UUID=STATE|KIND=N ...");
                }
                List<Statement.Term> terms = new ArrayList<>();
                for (int i = 2; i < t.length; i++) {
                    terms.add(term(t[i]));
                }
                statements.add(new Statement.ExpectOverStmt(line, text, Statement.Quantifier.valueOf(what.toUpperCase(
                        java.util.Locale.ROOT)), terms));
            }
            default -> throw error("unknown expectation '" + what
                    + "' (expect state, expect instances, expect warnings, expect sysfs, expect sometimes|always|never)");
        }
    }

    /** Takes a trailing {@code => OUTCOME} or {@code as LABEL [hold]} off {@code rest}. */
    private Start start(List<String> rest, boolean holdAllowed, boolean setupAllowed, String usage) throws ScriptException {
        int arrow = rest.indexOf("=>");
        int as = rest.indexOf("as");
        if (arrow >= 0 && as >= 0) {
            throw error("use either '=> OUTCOME' or 'as LABEL', not both");
        }
        if (arrow >= 0) {
            if (arrow != rest.size() - 2) {
                throw error("usage: " + usage);
            }
            Errno e = outcome(rest.get(arrow + 1));
            rest.subList(arrow, rest.size()).clear();
            return Start.complete(e);
        }
        if (as >= 0) {
            boolean setup = as == rest.size() - 4 && rest.get(rest.size() - 2).equals("hold")
                    && rest.get(rest.size() - 1).equals("setup");
            boolean hold = setup || (as == rest.size() - 3 && rest.get(rest.size() - 1).equals("hold"));
            if (as != rest.size() - 2 && !hold) {
                throw error("usage: " + usage);
            }
            if (hold && !holdAllowed) {
                throw error("'hold' applies to create and remove only");
            }
            if (setup && !setupAllowed) {
                throw error("'hold setup' applies to create only: a remove has no setup");
            }
            String label = rest.get(as + 1);
            if (!LABEL.matcher(label).matches()) {
                throw error("'" + label + "' is not a label (letters, digits, _ . -; not starting with a digit)");
            }
            if (labels.containsKey(label)) {
                throw error("label '" + label + "' is already used on line " + labels.get(label).line());
            }
            rest.subList(as, rest.size()).clear();
            return new Start(null, label, hold, setup);
        }
        if (rest.contains("hold")) {
            throw error("'hold' needs 'as LABEL' before it");
        }
        return Start.complete(Errno.OK);
    }

    /** {@code LABEL=OUTCOME} or {@code UUID=STATE}. */
    private Statement.Term term(String word) throws ScriptException {
        int eq = word.indexOf('=');
        if (eq <= 0 || eq == word.length() - 1) {
            throw error("'" + word + "' is not a term (LABEL=OUTCOME, e.g. c1=OK; UUID=STATE, e.g. UUID=absent;"
                    + " or KIND=N, e.g. duplicate_link=1)");
        }
        String left = word.substring(0, eq);
        String right = word.substring(eq + 1);
        if (Warning.parse(left).isPresent()) {
            return new Statement.WarningsTerm(Warning.parse(left).get(), count(right));
        }
        if (Uuids.isValid(left)) {
            return new Statement.StateTerm(left, DeviceState.parse(right).orElseThrow(() ->
                    error("unknown state '" + right + "' (states: absent, creating, active, removing)")));
        }
        label(left);
        return new Statement.OutcomeTerm(left, outcome(right));
    }

    private void request(Statement.Request r) {
        if (r.start().started()) {
            labels.put(r.start().label(), r);
        }
        statements.add(r);
    }

    private Statement.Request label(String name) throws ScriptException {
        Statement.Request r = labels.get(name);
        if (r == null) {
            throw error("unknown label '" + name + "' (a label is defined by 'as' on an earlier line)");
        }
        return r;
    }

    private Errno outcome(String name) throws ScriptException {
        return Errno.parse(name).orElseThrow(() -> error("unknown outcome '" + name + "' (OK or an errno name such as EEXIST)"));
    }

    private long count(String n) throws ScriptException {
        try {
            long v = Long.parseLong(n);
            if (v >= 0) {
                return v;
            }
        } catch (NumberFormatException e) {
            // reported below
        }
        throw error("'" + n + "' is not a count (0, 1, 2, ...)");
    }

    private void arity(String[] t, int n, String usage) throws ScriptException {
        if (t.length != n) {
            throw error("usage: " + usage);
        }
    }

    private ScriptException error(String problem) {
        return new ScriptException(file, line, problem);
    }
}
