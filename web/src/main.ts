import ElementPlus, { ElMessage } from 'element-plus';
import zhCn from 'element-plus/es/locale/lang/zh-cn';
import 'element-plus/dist/index.css';
import { createApp } from 'vue';
import App from './app.vue';
import { router } from './router';
import './styles.css';

const app = createApp(App);
// A fault in a page must not leave the user with a blank screen and no word of it.
app.config.errorHandler = (error) => {
  console.error(error);
  ElMessage({ type: 'error', message: '页面出现错误，请刷新后重试', grouping: true, showClose: true });
};
app.use(ElementPlus, { locale: zhCn }).use(router).mount('#app');
