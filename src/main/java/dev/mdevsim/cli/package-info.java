/**
 * The command line ({@code java -jar target/mdevsim.jar}), on picocli. Exit status: 0 success,
 * 1 an expectation failed, 2 bad input (one line, no stack trace), 3 internal error.
 */
package dev.mdevsim.cli;
