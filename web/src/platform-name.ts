export const PLATFORM_NAME = '信易贷融资信用服务平台';
