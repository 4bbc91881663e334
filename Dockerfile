# One image for every Touchline service; docker-compose.yml picks the command.
FROM python:3.11-slim
WORKDIR /app
COPY pyproject.toml README.md ./
COPY schemas ./schemas
COPY services ./services
COPY touchline ./touchline
RUN pip install --no-cache-dir .
ENV TOUCHLINE_DATA_DIR=/data TOUCHLINE_JOURNAL=/data/journal.sqlite3
VOLUME /data
ENTRYPOINT ["touchline"]
