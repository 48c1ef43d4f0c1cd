package dev.mdevsim.litmus;

import dev.mdevsim.model.Model;
import java.util.List;

/** A parsed, statically checked litmus script. */
public record Script(String file, Model model, List<Statement> statements) {

    public Script {
        statements = List.copyOf(statements);
    }
}
