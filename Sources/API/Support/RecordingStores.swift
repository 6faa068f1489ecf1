import Core
import Foundation
import HTTPTypes
import Hummingbird
import Integrations
import Logging
import NIOCore
import PostgresNIO

/// Chooses the recordings store from the configuration.
enum RecordingStores {
    /// GCS when `GCS_CREDENTIALS` is set, otherwise local files under `DATA_DIR/recordings`.
    static func configured(_ configuration: AppConfiguration) throws -> any RecordingStore {
        let providers = configuration.providers
        if let credentials = providers.gcsCredentials, let bucket = providers.gcsBucketName {
            let account = try GCSServiceAccount(jsonString: credentials)
            return GCSRecordingStore(bucket: bucket, signer: GCSURLSigner(serviceAccount: account)) { key in
                throw RecordingStoreError("deleting \(key) from GCS needs the GCS client, which this build does not include")
            }
        }
        return local(configuration)
    }

    /// The local store of `configuration`.
    static func local(_ configuration: AppConfiguration) -> LocalRecordingStore {
        LocalRecordingStore(
            directory: URL(fileURLWithPath: configuration.dataDirectory).appendingPathComponent("recordings", isDirectory: true),
            baseURL: configuration.api.publicURL,
            secret: configuration.jwtSecret
        )
    }
}
