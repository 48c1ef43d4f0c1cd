package dev.mdevsim.litmus;

/** An error in a script itself (exit status 2): its message is {@code file:line: what is wrong}. */
public final class ScriptException extends Exception {

    public ScriptException(String file, int line, String problem) {
        super(file + (line > 0 ? ":" + line : "") + ": " + problem);
    }
}
