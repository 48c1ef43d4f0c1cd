package dev.mdevsim.history;

/** A history file that cannot be read (exit status 2): {@code file:line: what is wrong}. */
public final class HistoryException extends Exception {

    public HistoryException(String file, int line, String problem) {
        super(file + (line > 0 ? ":" + line : "") + ": " + problem);
    }
}
