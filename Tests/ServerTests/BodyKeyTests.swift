import Server
import Testing

/// The ModelsLab body key found by a scan, before any parse.
@Suite struct BodyKeyTests {
    @Test(arguments: [
        (#"{"key":"sk-1","model_id":"m"}"#, "sk-1"),
        (#"  { "model_id" : "m" , "key" : "sk-2" }"#, "sk-2"),
        (#"{"messages":[{"role":"user","content":"a \"key\": \"no\" {[ ]}"}],"n":1.5e3,"b":true,"z":null,"key":"sk-3"}"#, "sk-3"),
        (#"{"nested":{"key":"inner"},"key":"outer"}"#, "outer"),
        (#"{"key":"sk-\u0034"}"#, "sk-4"),
    ])
    func findsTheTopLevelKey(_ body: String, _ key: String) {
        #expect(BodyKey.find(in: Array(body.utf8)) == key)
    }

    @Test(arguments: [
        #"{"nested":{"key":"inner"}}"#, #"{"key":5}"#, #"["key","sk"]"#, #"{"key""#, #"{"a":"unterminated"#,
        #"{"a":[1,2}"#, "", "   ", #"{"a":1 "key":"x"}"#, #"{"a":{"b":["#,
    ])
    func findsNothingElsewhere(_ body: String) {
        #expect(BodyKey.find(in: Array(body.utf8)) == nil)
    }

    /// A body deep in brackets is scanned without recursion.
    @Test func deepNestingIsFine() {
        let body = #"{"a":"# + String(repeating: "[", count: 100_000) + String(repeating: "]", count: 100_000) + #","key":"k"}"#
        #expect(BodyKey.find(in: Array(body.utf8)) == "k")
    }
}
