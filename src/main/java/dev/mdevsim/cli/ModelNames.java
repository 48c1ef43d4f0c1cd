package dev.mdevsim.cli;

import dev.mdevsim.model.Model;
import java.util.ArrayList;
import java.util.List;

/** The {@code --models} list of compare and explore. */
final class ModelNames {

    private ModelNames() {
    }

    /** Models by name or alias; an unknown one is bad input naming {@code --models}. */
    static List<Model> parse(List<String> names) {
        List<Model> chosen = new ArrayList<>();
        for (String m : names) {
            chosen.add(Model.parse(m).orElseThrow(() ->
                    new BadInputException("--models: unknown model '" + m + "' (models: " + Model.names() + ")")));
        }
        return chosen;
    }
}
