import InferenceTypes
import Testing
import Upstream

@Suite struct UpstreamConfigurationTests {
    @Test func flagsBuildModels() throws {
        var c = UpstreamConfiguration()
        try c.addUpstream("big=http://10.0.0.5:8000/v1#Qwen/Qwen3-8B")
        try c.addUpstream("big=http://10.0.0.6:8000/v1/")
        try c.addUpstream("claude=https://api.anthropic.com")
        try c.setKey("claude=sk-ant-1")
        try c.setAPI("claude=anthropic")
        try c.setOption("big:idle-timeout=2.5")
        try c.setOption("big:price=0.5,1.5")
        try c.setOption("claude:price=3,15,0.3")
        try c.setOption("claude:max-tokens=8192")
        #expect(c.models.map(\.id) == ["big", "claude"])
        let big = c.models[0]
        #expect(big.remoteModel == "Qwen/Qwen3-8B")
        #expect(big.urls == ["http://10.0.0.5:8000/v1", "http://10.0.0.6:8000/v1"])
        #expect(big.timeouts.idle == .milliseconds(2500))
        #expect(big.pricing == TokenPricing(inputPerMillion: 0.5, cachedInputPerMillion: 0.5, outputPerMillion: 1.5))
        #expect(big.attemptLimit == 2)
        let claude = c.models[1]
        #expect(claude.urls == ["https://api.anthropic.com/v1"])
        #expect(claude.api == .anthropic)
        #expect(claude.apiKey == "sk-ant-1")
        #expect(claude.pricing == TokenPricing(inputPerMillion: 3, cachedInputPerMillion: 0.3, outputPerMillion: 15))
        #expect(claude.defaultMaxTokens == 8192)
        #expect(claude.descriptor(created: 1).pricing == claude.pricing)
    }

    @Test func environmentKeys() throws {
        var c = UpstreamConfiguration()
        try c.set("m", "key", "env:K", environment: ["K": "secret"])
        #expect(c.models[0].apiKey == "secret")
        #expect(throws: UpstreamConfiguration.Error.self) { try c.set("m", "key", "env:MISSING", environment: [:]) }
        #expect(throws: UpstreamConfiguration.Error.self) { try c.validate() }
    }

    @Test(arguments: ["big", "big=ftp://x", "big=http://", "=http://x", "big=http://x#"])
    func badUpstreamFlags(_ spec: String) {
        var c = UpstreamConfiguration()
        #expect(throws: UpstreamConfiguration.Error.self) { try c.addUpstream(spec) }
    }

    @Test(arguments: ["m:idle-timeout=0", "m:idle-timeout=x", "m:price=1", "m:price=-1,2", "m:attempts=0", "m:colour=red",
        "m:api=grpc", "nocolon"])
    func badOptions(_ spec: String) {
        var c = UpstreamConfiguration()
        #expect(throws: UpstreamConfiguration.Error.self) {
            if spec.hasPrefix("m:api") { try c.setAPI("m=grpc") } else { try c.setOption(spec) }
        }
    }
}
