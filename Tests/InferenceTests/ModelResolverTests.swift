import Inference
import InferenceTypes
import Testing

/// Names → served models: ids and aliases in any case, chains, cycles, the default model and the persona rule.
@Suite struct ModelResolverTests {
    static let a = ModelDescriptor(id: "model-a", aliases: ["a-own"], displayName: "A", created: 0, contextLength: 10)
    static let b = ModelDescriptor(id: "Model-B", displayName: "B", created: 0, contextLength: 10)

    @Test func idsAndOwnAliasesInAnyCase() throws {
        let r = ModelResolver(served: [Self.a, Self.b], aliases: [])
        #expect(r.resolve("model-a")?.model.id == "model-a")
        #expect(r.resolve("MODEL-A")?.model.id == "model-a")
        #expect(r.resolve("model-b")?.model.id == "Model-B")
        #expect(r.resolve("A-OWN")?.model.id == "model-a")
        #expect(r.resolve("model-c") == nil)
        #expect(r.resolve("") == nil)
    }

    @Test func personaAliasesGoToTheDefaultModelAndReason() throws {
        let first = ModelResolver(served: [Self.a, Self.b], aliases: ModelAlias.grokPersona)
        let hit = try #require(first.resolve("Grok-3-Mini"))
        #expect(hit.model.id == "model-a" && hit.alwaysReasons)
        #expect(first.resolve("model-a")?.alwaysReasons == false)
        #expect(first.models[0].aliases.contains("x-ai/grok-3-mini-beta"))
        let chosen = ModelResolver(served: [Self.a, Self.b], aliases: ModelAlias.grokPersona, defaultModel: "model-b")
        #expect(chosen.resolve("x-ai-grok-3-mini")?.model.id == "Model-B")
    }

    @Test func applyTurnsReasoningOnOnlyWhenTheRequestDidNotDecide() throws {
        let r = ModelResolver(served: [Self.a], aliases: ModelAlias.grokPersona)
        let hit = try #require(r.resolve("grok-3-mini"))
        var undecided = ChatRequest(model: "grok-3-mini", messages: [])
        hit.apply(to: &undecided)
        #expect(undecided.model == "model-a" && undecided.reasoning.enabled == true)
        var off = ChatRequest(model: "grok-3-mini", messages: [])
        off.reasoning.enabled = false
        hit.apply(to: &off)
        #expect(off.reasoning.enabled == false)
        var plain = ChatRequest(model: "model-a", messages: [])
        try #require(r.resolve("model-a")).apply(to: &plain)
        #expect(plain.reasoning.enabled == nil)
    }

    @Test func chainsOverridesAndCycles() throws {
        var aliases = ModelAlias.grokPersona
        aliases.set("grok-3-mini", to: "Model-B")
        aliases.set("claude-opus", to: "GROK-3-MINI")
        aliases.set("thinker", to: "model-a", alwaysReasons: true)
        aliases.set("loop-a", to: "loop-b")
        aliases.set("loop-b", to: "loop-a")
        aliases.set("model-a", to: "Model-B")  // an id always wins over an alias of the same name
        let r = ModelResolver(served: [Self.a, Self.b], aliases: aliases)
        // A repointed persona name keeps the persona's rule; a chain through it inherits it.
        #expect(r.resolve("grok-3-mini")?.model.id == "Model-B" && r.resolve("grok-3-mini")?.alwaysReasons == true)
        #expect(r.resolve("claude-opus")?.model.id == "Model-B" && r.resolve("claude-opus")?.alwaysReasons == true)
        #expect(r.resolve("thinker")?.alwaysReasons == true)
        #expect(r.resolve("grok-3-mini-beta")?.model.id == "model-a")
        #expect(r.resolve("loop-a") == nil && r.resolve("loop-b") == nil)
        #expect(r.resolve("model-a")?.model.id == "model-a")
        #expect(r.models[1].aliases.contains("claude-opus"))
    }
}
