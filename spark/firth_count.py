"""Firth's Spark driver: runs the SQL that `firth count --engine spark` generated.

Usage: spark-submit firth_count.py MANIFEST.json

The manifest (written by Firth's SparkCounter) lists jobs. Each names its staged inputs (tab-
separated files and their schema), the views to build from them in order (Spark SQL rendered
from Firth's CountPlan, the same plan that gives the SQLite statements) and the outputs to
write as tab-separated files. Nothing here knows about counting: every knob is in the SQL, so
this file never changes when a knob does. Jobs run side by side (their views have their own
names), so several small counts share one start of Spark.
"""
import json
import sys
import time
from concurrent.futures import ThreadPoolExecutor

from pyspark.sql import SparkSession


def run(spark, job):
    started = time.time()
    for source in job["inputs"]:
        frame = spark.read.csv(source["path"], schema=source["schema"], sep="\t", header=False, mode="FAILFAST")
        frame.createOrReplaceTempView(source["name"])
    cached = []
    for view in job["views"]:
        frame = spark.sql(view["sql"])
        if view.get("cache"):
            # Read more than once (both sides of the window join; the cells and their sums).
            frame = frame.persist()
            cached.append(frame)
        frame.createOrReplaceTempView(view["name"])
    for output in job["outputs"]:
        spark.sql(output["sql"]).write.mode("overwrite").csv(output["path"], sep="\t")
    for frame in cached:
        frame.unpersist()
    print("firth_count: %s done in %.1f s" % (job["name"], time.time() - started), file=sys.stderr, flush=True)


def main(path):
    with open(path, encoding="utf-8") as f:
        manifest = json.load(f)
    spark = SparkSession.builder.appName(manifest.get("name", "firth count")).getOrCreate()
    spark.sparkContext.setLogLevel("WARN")
    with ThreadPoolExecutor(max_workers=max(1, manifest.get("parallel", 1))) as pool:
        for result in [pool.submit(run, spark, job) for job in manifest["jobs"]]:
            result.result()   # the first failure fails the application
    spark.stop()


if __name__ == "__main__":
    if len(sys.argv) != 2:
        sys.exit("usage: spark-submit firth_count.py MANIFEST.json")
    main(sys.argv[1])
