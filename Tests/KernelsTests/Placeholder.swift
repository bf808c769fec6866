import Testing

@Test func placeholderKernelsTests() {}
