"""Copy PeerPath's buckets to a folder, or a folder back into the buckets (make backup/restore).

    s3_copy.py save FOLDER     every object of each bucket into FOLDER/<bucket>/<key>
    s3_copy.py load FOLDER     each FOLDER/<bucket>/<key> back into its bucket (buckets made if
                               missing); objects not in the backup are deleted, so the bucket
                               holds exactly what was saved

The buckets are those the environment names: AWS_STORAGE_BUCKET_NAME, and
AWS_PRIVATE_STORAGE_BUCKET_NAME and PEERPATH_ANCHOR_BUCKET_NAME when set apart.
"""

import os
import sys
from pathlib import Path

import boto3
from botocore.exceptions import ClientError


def buckets() -> list[str]:
    main = os.environ["AWS_STORAGE_BUCKET_NAME"]
    others = [
        os.environ.get("AWS_PRIVATE_STORAGE_BUCKET_NAME") or main,
        os.environ.get("PEERPATH_ANCHOR_BUCKET_NAME") or main,
    ]
    return list(dict.fromkeys([main, *others]))


def client():
    return boto3.client(
        "s3",
        endpoint_url=os.environ.get("AWS_S3_ENDPOINT_URL") or None,
        region_name=os.environ.get("AWS_S3_REGION_NAME", "us-east-1"),
    )


def keys(s3, bucket: str):
    for page in s3.get_paginator("list_objects_v2").paginate(Bucket=bucket):
        for item in page.get("Contents", []):
            yield item["Key"]


def save(folder: Path) -> int:
    s3, count = client(), 0
    for bucket in buckets():
        for key in keys(s3, bucket):
            target = folder / bucket / key
            target.parent.mkdir(parents=True, exist_ok=True)
            s3.download_file(bucket, key, str(target))
            count += 1
    return count


def load(folder: Path) -> int:
    s3, count = client(), 0
    for bucket in buckets():
        try:
            s3.head_bucket(Bucket=bucket)
        except ClientError:
            s3.create_bucket(Bucket=bucket)
        source = folder / bucket
        saved = {
            path.relative_to(source).as_posix(): path
            for path in (source.rglob("*") if source.exists() else [])
            if path.is_file()
        }
        for key in set(keys(s3, bucket)) - set(saved):
            s3.delete_object(Bucket=bucket, Key=key)
        for key, path in sorted(saved.items()):
            s3.upload_file(str(path), bucket, key)
            count += 1
    return count


def main() -> None:
    if len(sys.argv) != 3 or sys.argv[1] not in {"save", "load"}:
        sys.exit(__doc__)
    action, folder = sys.argv[1], Path(sys.argv[2])
    count = save(folder) if action == "save" else load(folder)
    print(f"{'Saved' if action == 'save' else 'Restored'} {count} files ({', '.join(buckets())})")


if __name__ == "__main__":
    main()
