package io.consulfactory.local.statemachine;

import io.consulfactory.local.LocalWorkflow;
import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.time.Duration;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The README's picture of the workflow is the workflow's. */
class MermaidDiagramTest {

    @Test
    void theReadmeShowsTheWorkflowAsItIs() throws Exception {
        String readme = Files.readString(LocalWorkflow.repoFile("README.md"));
        String shown = MermaidDiagram.inReadme(readme);
        assertNotNull(shown, "README.md has no workflow diagram section (" + MermaidDiagram.BEGIN + " ... " + MermaidDiagram.END + ")");
        String generated = MermaidDiagram.render(Files.readString(LocalWorkflow.definitionFile()));
        assertEquals(generated, shown, "README.md's workflow diagram is not the one statemachine/consul-cluster.asl.json"
                + " makes: regenerate it with " + MermaidDiagram.REGENERATE);
    }

    @Test
    void statesAreNodesAndTransitionsAreLabelledEdges() {
        String definition = """
                {"StartAt": "Check", "States": {
                  "Check": {"Type": "Task", "Resource": "arn", "Next": "Done?",
                            "Catch": [{"ErrorEquals": ["States.ALL"], "Next": "Failed"}]},
                  "Done?": {"Type": "Choice", "Choices": [
                      {"Variable": "$.check.status", "StringEquals": "READY", "Next": "Ok"},
                      {"And": [{"Variable": "$.check.status", "StringEquals": "FAILED"},
                               {"Variable": "$.check.reason", "IsNull": false}], "Next": "Failed"}],
                    "Default": "Wait"},
                  "Wait": {"Type": "Wait", "Seconds": 15, "Next": "Check"},
                  "Ok": {"Type": "Succeed"},
                  "Failed": {"Type": "Fail", "Error": "X"}}}""";

        String diagram = MermaidDiagram.render(definition);

        assertTrue(diagram.startsWith("flowchart TD\n"), diagram);
        assertTrue(diagram.contains("    start((\" \")) --> Check\n"), diagram);
        assertTrue(diagram.contains("    Check[\"Check\"]\n"), diagram);
        assertTrue(diagram.contains("    Done_{\"Done?\"}\n"), diagram);
        assertTrue(diagram.contains("    Wait{{\"Wait\"}}\n"), diagram);
        assertTrue(diagram.contains("    Check --> Done_\n"), diagram);
        assertTrue(diagram.contains("    Done_ -->|\"status = READY\"| Ok\n"), diagram);
        assertTrue(diagram.contains("    Done_ -->|\"status = FAILED and reason is set\"| Failed\n"), diagram);
        assertTrue(diagram.contains("    Done_ -->|otherwise| Wait\n"), diagram);
        assertTrue(diagram.contains("    Check -.->|\"error\"| Failed\n"), diagram);
        assertTrue(diagram.contains("    class Failed fail\n"), diagram);

        String timed = MermaidDiagram.render(definition, Map.of("Check", new MermaidDiagram.Visits(Duration.ofSeconds(2), 3),
                "Wait", new MermaidDiagram.Visits(Duration.ofSeconds(30), 2), "Done?", new MermaidDiagram.Visits(Duration.ZERO, 3),
                "Ok", new MermaidDiagram.Visits(Duration.ZERO, 1))::get);
        assertTrue(timed.contains("    Wait{{\"Wait<br/>30s (2×)\"}}\n"), timed);
        assertTrue(timed.contains("    class Failed notRun\n"), timed);
    }
}
