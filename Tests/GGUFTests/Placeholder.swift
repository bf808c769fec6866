import Testing

@Test func placeholderGGUFTests() {}
