package dev.mdevsim.cli;

/** A user mistake found while a command runs: printed as one line, exit status 2. */
final class BadInputException extends RuntimeException {

    BadInputException(String message) {
        super(message, null, false, false);
    }
}
