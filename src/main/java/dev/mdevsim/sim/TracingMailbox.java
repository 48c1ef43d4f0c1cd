package dev.mdevsim.sim;

import akka.actor.ActorRef;
import akka.actor.ActorSystem;
import akka.dispatch.Envelope;
import akka.dispatch.MailboxType;
import akka.dispatch.MessageQueue;
import akka.dispatch.ProducesMessageQueue;
import akka.dispatch.UnboundedMessageQueueSemantics;
import com.typesafe.config.Config;
import java.util.ArrayDeque;
import scala.Option;

/**
 * The mailbox of {@code explore}'s hosts: an unbounded FIFO queue (one thread drives the run, so it
 * needs no synchronisation) that notes each receiver in the current step's {@link Footprint}, so
 * that two steps that send to one actor are known to be dependent (their order is the order of
 * that actor's mailbox).
 */
public final class TracingMailbox implements MailboxType, ProducesMessageQueue<TracingMailbox.Queue> {

    public TracingMailbox(ActorSystem.Settings settings, Config config) {
    }

    @Override
    public MessageQueue create(Option<ActorRef> owner, Option<ActorSystem> system) {
        return new Queue();
    }

    /** The queue: FIFO, recording its receiver. */
    public static final class Queue implements MessageQueue, UnboundedMessageQueueSemantics {
        private final ArrayDeque<Envelope> queue = new ArrayDeque<>();

        @Override
        public synchronized void enqueue(ActorRef receiver, Envelope handle) {
            Footprint.record(receiver);
            queue.add(handle);
        }

        @Override
        public synchronized Envelope dequeue() {
            return queue.poll();
        }

        @Override
        public synchronized int numberOfMessages() {
            return queue.size();
        }

        @Override
        public synchronized boolean hasMessages() {
            return !queue.isEmpty();
        }

        @Override
        public synchronized void cleanUp(ActorRef owner, MessageQueue deadLetters) {
            Envelope e;
            while ((e = queue.poll()) != null) {
                deadLetters.enqueue(owner, e);
            }
        }
    }
}
