package dev.mdevsim.core;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

/**
 * Adapts the {@link CompletionStage}s Akka returns (ask, streams) before anything is chained on them.
 *
 * <p>Why: Scala's {@code CompletionStage} adapter runs even {@code thenApply}, {@code handle} and
 * {@code whenComplete} through their {@code *Async} variants on the default executor, the common
 * {@code ForkJoinPool}. On a 2-core machine that pool has parallelism 1, and {@code CompletableFuture}
 * then starts a new thread for every callback: a {@code Thread.start} per request, measured as
 * 0.3–6 ms of added latency. {@link #direct} completes a plain {@link CompletableFuture} on the
 * thread that completes the stage (a same-thread executor), so later stages run there too.
 */
public final class Futures {

    private Futures() {
    }

    /** A plain future completed as {@code stage} is, on the completing thread. */
    public static <T> CompletableFuture<T> direct(CompletionStage<T> stage) {
        CompletableFuture<T> f = new CompletableFuture<>();
        stage.whenCompleteAsync((value, failure) -> {
            if (failure != null) {
                f.completeExceptionally(failure);
            } else {
                f.complete(value);
            }
        }, Runnable::run);
        return f;
    }
}
