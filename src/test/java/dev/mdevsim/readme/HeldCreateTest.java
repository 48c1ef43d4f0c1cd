package dev.mdevsim.readme;

// The README's Java example ("The Java API"), compiled and run as it is shown there: the text
// between the two marker lines is the README's ```java block, word for word (ReadmeJavaBlockTest).
// SEMANTICS R5: a remove while the create is at the vendor answers EAGAIN.
// README-BEGIN
import static org.junit.jupiter.api.Assertions.assertEquals;

import com.typesafe.config.ConfigFactory;
import dev.mdevsim.core.Errno;
import dev.mdevsim.core.ParentSpec;
import dev.mdevsim.core.TypeSpec;
import dev.mdevsim.host.MdevHost;
import dev.mdevsim.vendor.VendorGate;
import dev.mdevsim.vendor.VendorOp;
import java.time.Duration;
import java.util.UUID;
import java.util.concurrent.CompletionStage;
import org.junit.jupiter.api.Test;

class HeldCreateTest {

    @Test
    void removeWhileTheCreateIsAtTheVendor_EAGAIN_R5() throws Exception {
        VendorGate gate = new VendorGate();                       // unheld ops succeed at once
        try (MdevHost host = MdevHost.start(ConfigFactory.load(), gate)) {
            host.registerParent(ParentSpec.of("P1", new TypeSpec("mtty-1", 4))).toCompletableFuture().join();
            UUID u = UUID.randomUUID();
            VendorGate.Held held = gate.holdNext(VendorOp.CREATE, u);
            CompletionStage<Errno> create = host.create("P1", "mtty-1", u);
            held.awaitStarted(Duration.ofSeconds(5));            // the create is at the vendor
            assertEquals(Errno.EAGAIN, host.remove(u).toCompletableFuture().join());   // R5
            held.release();                                      // or held.fail(Errno.EIO)
            assertEquals(Errno.OK, create.toCompletableFuture().join());
        }
    }
}
// README-END
