import Testing

@Test func placeholderInferenceTests() {}
