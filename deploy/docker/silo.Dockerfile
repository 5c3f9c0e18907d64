# syntax=docker/dockerfile:1
# The silo (an Orleans cluster member) image. Build from the repository root: docker build -f deploy/docker/silo.Dockerfile -t marketplace-silo .
# Multi-stage: the SDK publishes, the ASP.NET runtime image runs it as the unprivileged "app" user.
FROM mcr.microsoft.com/dotnet/sdk:10.0 AS build
WORKDIR /src
COPY Directory.Build.props Directory.Packages.props ./
COPY src/ src/
RUN dotnet publish src/Silo/Silo.csproj -c Release -o /app -p:UseAppHost=false

FROM mcr.microsoft.com/dotnet/aspnet:10.0
LABEL org.opencontainers.image.title="marketplace-silo"
# curl for the health check only.
RUN apt-get update && apt-get install -y --no-install-recommends curl && rm -rf /var/lib/apt/lists/*
WORKDIR /app
COPY --from=build /app .
ENV DOTNET_ENVIRONMENT=Production Urls=http://0.0.0.0:8080
EXPOSE 8080 11111 30000
USER app
HEALTHCHECK --interval=10s --timeout=3s --start-period=30s --retries=3 CMD curl -fsS http://127.0.0.1:8080/health/live || exit 1
ENTRYPOINT ["dotnet", "Marketplace.Silo.dll"]
